import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { apiGatewayV2Event, lambdaContext } from '../fixtures/lambda-events.js';

// The real API entrypoint (src/entrypoints/lambda-api.ts), configured as the CDK app configures it. GET
// /health touches neither DynamoDB, PostgreSQL nor the JWKS, all of which are opened lazily, so their
// addresses here are never dialled.
type Handler = (event: unknown, context: unknown) => Promise<{ statusCode: number }>;

const savedEnv = { ...process.env };
let handler: Handler;

beforeAll(async () => {
  Object.assign(process.env, {
    TABLE_NAME: 'trace-e2e',
    AWS_REGION: 'us-east-1',
    DYNAMODB_ENDPOINT: 'http://127.0.0.1:9',
    JWKS_URL: 'http://127.0.0.1:9/.well-known/jwks.json',
    DATABASE_URL: 'postgres://unused:unused@127.0.0.1:9/unused',
    LOG_LEVEL: 'info',
  });
  delete process.env._X_AMZN_TRACE_ID;
  ({ handler } = (await import('../../src/entrypoints/lambda-api.js')) as unknown as { handler: Handler });
});

afterAll(() => {
  process.env = savedEnv;
});

/** The JSON lines the handler writes to stdout while `run` runs. */
async function linesWrittenBy(run: () => Promise<unknown>): Promise<Record<string, unknown>[]> {
  const written: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
    written.push(String(chunk));
    return true;
  });
  try {
    await run();
  } finally {
    spy.mockRestore();
  }
  return written
    .join('')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('log lines on Lambda', () => {
  it('carry the X-Ray trace id of the invocation that wrote them, read anew for each invocation', async () => {
    const traces = ['1-6745f0a1-3c2e5b7d9f1a2b3c4d5e6f70', '1-6745f0a2-aaaabbbbccccddddeeeeffff'];
    for (const trace of traces) {
      // What Lambda sets before it calls the handler with the next event.
      process.env._X_AMZN_TRACE_ID = `Root=${trace};Parent=53995c3f42cd8ad8;Sampled=1`;
      const lines = await linesWrittenBy(async () => {
        const result = await handler(apiGatewayV2Event({ path: '/health' }), lambdaContext());
        expect(result.statusCode).toBe(200);
      });
      const request = lines.find((line) => line.message === 'request');
      expect(request).toMatchObject({ path: '/health', status: 200, xray_trace_id: trace });
    }
  });

  it('leave the field out when the invocation is not traced', async () => {
    delete process.env._X_AMZN_TRACE_ID;
    const lines = await linesWrittenBy(() =>
      handler(apiGatewayV2Event({ path: '/health' }), lambdaContext()),
    );
    const request = lines.find((line) => line.message === 'request');
    expect(request).toMatchObject({ path: '/health', function_name: 'slimshop-api' });
    expect(request).not.toHaveProperty('xray_trace_id');
  });
});
