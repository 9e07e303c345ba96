import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LateAnswerProxy {
  endpoint: string;
  /** DynamoDB operations (x-amz-target suffixes) whose answer was held back, in order. */
  heldBack: string[];
  close(): Promise<void>;
}

/**
 * A proxy in front of DynamoDB that forwards every request at once but holds back the answer to the first
 * request of each chosen kind for `delayMs`: the write lands, yet the client times out and sends it again,
 * as on a slow network. Every later request passes straight through.
 */
export async function startLateAnswerProxy(
  upstream: string,
  options: { delayMs: number; holdBack: (operation: string, body: string) => boolean },
): Promise<LateAnswerProxy> {
  const target = new URL(upstream);
  const heldBack: string[] = [];
  const seen = new Set<string>();
  const server: Server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks);
      const operation =
        String(incoming.headers['x-amz-target'] ?? '')
          .split('.')
          .pop() ?? '';
      const text = body.toString('utf8');
      const hold = !seen.has(text) && options.holdBack(operation, text);
      seen.add(text);
      const forward = httpRequest(
        {
          host: target.hostname,
          port: target.port,
          path: incoming.url,
          method: incoming.method,
          headers: incoming.headers,
        },
        (answer) => {
          const answerChunks: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => answerChunks.push(chunk));
          answer.on('end', () => {
            const reply = () => {
              if (outgoing.destroyed) return;
              outgoing.writeHead(answer.statusCode ?? 500, answer.headers);
              outgoing.end(Buffer.concat(answerChunks));
            };
            if (!hold) return reply();
            heldBack.push(operation);
            setTimeout(reply, options.delayMs);
          });
        },
      );
      forward.on('error', () => outgoing.destroy());
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    heldBack,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
