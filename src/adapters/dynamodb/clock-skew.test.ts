import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createDynamoHttp, DynamoDBServiceError } from './dynamodb-http.js';

/**
 * DynamoDB refuses a request signed more than 5 minutes away from its own clock, and says its time in the
 * Date header. DynamoDB Local checks no signatures, so a small server plays that one rule here: it answers
 * as DynamoDB does (InvalidSignatureException, 400) unless x-amz-date is within 5 minutes of its clock.
 */

const FIVE_MINUTES_MS = 5 * 60_000;
let server: Server | undefined;

afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** A server whose clock runs `aheadMs` ahead of ours; it counts the requests it saw. */
async function skewedServer(aheadMs: number) {
  const seen: string[] = [];
  server = createServer((request: IncomingMessage, response) => {
    request.resume();
    request.on('end', () => {
      const signedAt = String(request.headers['x-amz-date'] ?? '');
      seen.push(signedAt);
      const iso = `${signedAt.slice(0, 4)}-${signedAt.slice(4, 6)}-${signedAt.slice(6, 11)}:${signedAt.slice(11, 13)}:${signedAt.slice(13)}`;
      const serverNow = Date.now() + aheadMs;
      const headers = {
        'content-type': 'application/x-amz-json-1.0',
        date: new Date(serverNow).toUTCString(),
      };
      if (Math.abs(Date.parse(iso) - serverNow) > FIVE_MINUTES_MS) {
        response.writeHead(400, headers).end(
          JSON.stringify({
            __type: 'com.amazon.coral.service#InvalidSignatureException',
            message: 'Signature expired: is now earlier than ... (5 min.)',
          }),
        );
        return;
      }
      response.writeHead(200, headers).end(JSON.stringify({ TableNames: [] }));
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const http = createDynamoHttp({
    region: 'us-east-1',
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    credentials: async () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }),
  });
  return { http, seen };
}

describe('a machine whose clock is off', () => {
  it('signs again with the server time from the refusal, and keeps it for later requests', async () => {
    const { http, seen } = await skewedServer(20 * 60_000);
    expect(await http('ListTables', {})).toEqual({ TableNames: [] });
    expect(seen).toHaveLength(2);
    expect(await http('ListTables', {})).toEqual({ TableNames: [] });
    expect(seen).toHaveLength(3);
  });

  it('gives up after one correction when the server still refuses', async () => {
    server = createServer((request, response) => {
      request.resume();
      response
        .writeHead(400, { date: new Date().toUTCString() })
        .end(
          JSON.stringify({ __type: 'InvalidSignatureException', message: 'The signature does not match' }),
        );
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const http = createDynamoHttp({
      region: 'us-east-1',
      endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      credentials: async () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }),
    });
    const error = await http('ListTables', {}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DynamoDBServiceError);
    expect((error as DynamoDBServiceError).name).toBe('InvalidSignatureException');
  });
});
