// Where the embedded PostgreSQL listens and how to log in, apart from local/postgres.ts, so that processes
// which only connect to it (npm run job, test files) do not load what starts and supervises a server.

// Local only and bound to loopback: a fixed password keeps a persisted data directory usable across runs.
export const USER = 'postgres';
export const PASSWORD = 'slimshop-local';
export const HOST = '127.0.0.1';
/** The database `npm start` keeps orders and stock in. */
export const LOCAL_DATABASE = 'slimshop';

/** The URL of a database on an embedded server, known before the server is up (tests start it in the background). */
export function embeddedPostgresUrl(port: number, database: string): string {
  return `postgres://${USER}:${PASSWORD}@${HOST}:${port}/${encodeURIComponent(database)}`;
}
