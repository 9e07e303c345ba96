import { createServer, type Server, type Socket } from 'node:net';

export type ScriptedBehaviour = 'reject-recipient' | 'reject-message' | 'drop-after-message';

/**
 * An SMTP peer over real TCP that plays a server misbehaving in one way: it refuses the recipient (550),
 * refuses the message after receiving it (451), or closes the connection once the whole message has
 * arrived, before answering (the server may have queued it). `received` counts complete messages.
 */
export async function scriptedSmtpServer(behaviour: ScriptedBehaviour) {
  const state = { received: 0 };
  const server: Server = createServer((socket: Socket) => {
    let inData = false;
    let buffer = '';
    const reply = (line: string) => socket.write(`${line}\r\n`);
    reply('220 scripted ESMTP');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      if (inData) {
        const end = buffer.indexOf('\r\n.\r\n');
        if (end < 0) return;
        buffer = buffer.slice(end + 5);
        inData = false;
        state.received++;
        if (behaviour === 'drop-after-message') socket.destroy();
        else if (behaviour === 'reject-message') reply('451 4.3.0 try again later');
        else reply('250 queued');
        return;
      }
      for (let at = buffer.indexOf('\r\n'); at >= 0 && !inData; at = buffer.indexOf('\r\n')) {
        const command = buffer.slice(0, at).toUpperCase();
        buffer = buffer.slice(at + 2);
        if (command.startsWith('EHLO') || command.startsWith('HELO')) reply('250 scripted');
        else if (command.startsWith('MAIL FROM')) reply('250 sender ok');
        else if (command.startsWith('RCPT TO'))
          reply(behaviour === 'reject-recipient' ? '550 5.1.1 no such user' : '250 recipient ok');
        else if (command === 'DATA') {
          inData = true;
          reply('354 go ahead');
        } else if (command === 'QUIT') {
          reply('221 bye');
          socket.end();
        } else reply('502 not implemented');
      }
    });
    socket.on('error', () => {});
  });
  const port = await new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
  );
  return { url: `smtp://127.0.0.1:${port}`, state, close: () => new Promise((done) => server.close(done)) };
}
