// dynalite in its own process, as DynamoDB is its own service: prints its port, serves until killed.
import dynalite from 'dynalite';

const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: server.address().port })));
