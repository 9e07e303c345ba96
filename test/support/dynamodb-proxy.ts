import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * What the proxy does with one request: pass it on; answer it itself with DynamoDB's error (`__type` and
 * message as DynamoDB words them), without forwarding; or forward it at once but hold the answer back.
 */
export type ProxyDecision =
  | 'forward'
  | { refuse: { type: string; message: string } }
  | { answerLateMs: number };

export interface DynamoProxy {
  endpoint: string;
  close(): Promise<void>;
}

/**
 * A proxy in front of DynamoDB for fault injection at the wire: `decide` sees each request's operation
 * (the x-amz-target suffix: PutItem, TransactWriteItems, ...) and body.
 *
 * @example
 * // A role that may read the table but not write it:
 * const proxy = await startDynamoProxy(endpoint, (operation) =>
 *   operation === 'BatchWriteItem' ? { refuse: { type: 'AccessDeniedException', message: 'no' } } : 'forward');
 */
export async function startDynamoProxy(
  upstream: string,
  decide: (operation: string, body: string) => ProxyDecision,
): Promise<DynamoProxy> {
  const target = new URL(upstream);
  const server: Server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks);
      const operation =
        String(incoming.headers['x-amz-target'] ?? '')
          .split('.')
          .pop() ?? '';
      const decision = decide(operation, body.toString('utf8'));
      if (typeof decision === 'object' && 'refuse' in decision) {
        outgoing.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' });
        outgoing.end(
          JSON.stringify({
            __type: `com.amazonaws.dynamodb.v20120810#${decision.refuse.type}`,
            message: decision.refuse.message,
          }),
        );
        return;
      }
      const delayMs = typeof decision === 'object' ? decision.answerLateMs : 0;
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
              // A client that gave up waiting has closed the socket: nothing to answer.
              if (outgoing.destroyed) return;
              outgoing.writeHead(answer.statusCode ?? 500, answer.headers);
              outgoing.end(Buffer.concat(answerChunks));
            };
            if (delayMs > 0) setTimeout(reply, delayMs);
            else reply();
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
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
