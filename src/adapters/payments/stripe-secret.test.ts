import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnavailableError } from '../../domain/shared/errors.js';
import { stripeKeysFromSecret } from './stripe-secret.js';

const ARN = 'arn:aws:secretsmanager:eu-central-1:123456789012:secret:slimshop-stripe-AbCdEf';

/** Secrets Manager's GetSecretValue as a local server: the answers the test scripts, the requests it saw. */
describe('the Stripe keys from Secrets Manager (a local GetSecretValue)', () => {
  const seen: { headers: IncomingMessage['headers']; body: string }[] = [];
  let answer: { status: number; body: unknown } = { status: 200, body: {} };
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      seen.push({ headers: request.headers, body });
      response.writeHead(answer.status, { 'content-type': 'application/x-amz-json-1.1' });
      response.end(JSON.stringify(answer.body));
    });
  });
  let endpoint = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const keysFrom = () =>
    stripeKeysFromSecret({
      secretArn: ARN,
      endpoint,
      credentials: async () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }),
    });

  it("reads the JSON secret once with a signed GetSecretValue in the ARN's region, then answers from memory", async () => {
    seen.length = 0;
    answer = {
      status: 200,
      body: { ARN, SecretString: JSON.stringify({ secretKey: 'sk_live_1', webhookSecret: 'whsec_1' }) },
    };
    const keys = keysFrom();
    expect(await keys()).toEqual({ secretKey: 'sk_live_1', webhookSecret: 'whsec_1' });
    expect(await keys()).toEqual({ secretKey: 'sk_live_1', webhookSecret: 'whsec_1' });
    expect(seen).toHaveLength(1);
    const [request] = seen as [(typeof seen)[number]];
    expect(request.headers['x-amz-target']).toBe('secretsmanager.GetSecretValue');
    expect(JSON.parse(request.body)).toEqual({ SecretId: ARN });
    expect(request.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-central-1\/secretsmanager\/aws4_request, /,
    );
  });

  it('turns a Secrets Manager outage into UnavailableError and tries again on the next call', async () => {
    seen.length = 0;
    answer = { status: 503, body: { __type: 'InternalServiceError' } };
    const keys = keysFrom();
    await expect(keys()).rejects.toBeInstanceOf(UnavailableError);
    answer = {
      status: 200,
      body: { SecretString: JSON.stringify({ secretKey: 'sk_live_2', webhookSecret: 'whsec_2' }) },
    };
    expect((await keys()).secretKey).toBe('sk_live_2');
    expect(seen).toHaveLength(2);
  });

  it('names the expected shape when the secret holds something else, and is no outage then', async () => {
    answer = { status: 200, body: { SecretString: JSON.stringify({ key: 'sk_live_3' }) } };
    const error = await keysFrom()().catch((caught: unknown) => caught);
    expect(error).not.toBeInstanceOf(UnavailableError);
    expect((error as Error).message).toContain('{"secretKey": "sk_…", "webhookSecret": "whsec_…"}');
  });
});
