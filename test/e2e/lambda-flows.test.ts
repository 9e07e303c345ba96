import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LightResponse } from '../../src/http/lambda/light-response.js';
import { JSON_HEADERS, json, productBody, startTestApi, type TestApi } from '../support/test-api.js';

// Representative flows of the whole app, each request an API Gateway v2 event through the Lambda adapter,
// with the light Request/Response/Headers installed as the Lambda entry installs them. The full e2e suite
// runs this way with TEST_TRANSPORT=lambda.
describe('the API through the Lambda adapter on the light fetch classes', () => {
  let api: TestApi;
  let admin: { authorization: string };

  beforeAll(async () => {
    api = await startTestApi({ transport: 'lambda' });
    admin = await api.auth('admin');
    await api.catalog.createCategory({ id: 'mugs', name: 'Mugs' });
  });
  afterAll(() => api.close());

  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    api.request(path, { method: 'POST', headers: { ...admin, ...JSON_HEADERS, ...headers }, body });

  it('runs on the light classes, answering with the gateway request id', async () => {
    expect(new Response(null)).toBeInstanceOf(LightResponse);
    const health = await api.request('/health');

    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    expect(health.headers.get('x-request-id')).toMatch(/^gw-/);
  });

  it('creates, reads, revalidates and patches a product with ETags (201, 200, 304, 428, 412, 200)', async () => {
    const created = await post('/products', JSON.stringify(productBody({ name: 'Lambda Mug' })));
    expect(created.status).toBe(201);
    const product = await json(created);
    expect(created.headers.get('location')).toBe(`/products/${product.id}`);
    expect(created.headers.get('etag')).toBe('"1"');

    const fetched = await api.request(`/products/${product.id}`);
    expect([fetched.status, fetched.headers.get('etag')]).toEqual([200, '"1"']);
    expect(await json(fetched)).toEqual(product);
    const notModified = await api.request(`/products/${product.id}`, { headers: { 'if-none-match': '"1"' } });
    expect(notModified.status).toBe(304);
    expect(await notModified.text()).toBe('');

    const patch = (headers: Record<string, string>) =>
      api.request(`/products/${product.id}`, {
        method: 'PATCH',
        headers: { ...admin, 'content-type': 'application/merge-patch+json', ...headers },
        body: JSON.stringify({ name: 'Renamed Mug' }),
      });
    expect((await patch({})).status).toBe(428);
    expect((await patch({ 'if-match': '"7"' })).status).toBe(412);
    const patched = await patch({ 'if-match': '"1"' });
    expect([patched.status, patched.headers.get('etag')]).toEqual([200, '"2"']);
    expect((await json(patched)).name).toBe('Renamed Mug');
  });

  it('answers problem+json for malformed JSON (400), a body over 256 KB (413) and a non-JSON body (415)', async () => {
    const malformed = await post('/products', '{"sku": ');
    const tooLarge = await post(
      '/products',
      JSON.stringify(productBody({ description: 'x'.repeat(300_000) })),
    );
    const notJson = await post('/products', 'sku=A', { 'content-type': 'text/plain' });

    for (const [response, status] of [
      [malformed, 400],
      [tooLarge, 413],
      [notJson, 415],
    ] as const) {
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(await json(response)).toMatchObject({ status, requestId: expect.stringMatching(/^gw-/) });
    }
  });

  it('replays an idempotent POST with the stored response', async () => {
    const body = JSON.stringify({ name: 'Saucers' });
    const first = await post('/categories', body, { 'idempotency-key': 'lambda-flow-1' });
    const replay = await post('/categories', body, { 'idempotency-key': 'lambda-flow-1' });
    const otherBody = await post('/categories', JSON.stringify({ name: 'Bowls' }), {
      'idempotency-key': 'lambda-flow-1',
    });

    expect(first.status).toBe(201);
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.headers.get('location')).toBe(first.headers.get('location'));
    expect(await json(replay)).toEqual(await json(first));
    expect(otherBody.status).toBe(422);
  });

  it('deletes with 204 and an empty body', async () => {
    const product = await json(await post('/products', JSON.stringify(productBody())));
    const deleted = await api.request(`/products/${product.id}`, { method: 'DELETE', headers: admin });

    expect(deleted.status).toBe(204);
    expect(await deleted.text()).toBe('');
    expect((await api.request(`/products/${product.id}`)).status).toBe(404);
  });

  it('serves a docs asset byte for byte', async () => {
    const swagger = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
    const response = await api.request('/docs/assets/swagger-ui.css');

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(
      Buffer.from(await response.arrayBuffer()).equals(await readFile(join(swagger, 'swagger-ui.css'))),
    ).toBe(true);
  });
});
