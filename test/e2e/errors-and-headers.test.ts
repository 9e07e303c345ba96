import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogRepository } from '../../src/app/ports/catalog-repository.js';
import { UnavailableError } from '../../src/domain/shared/errors.js';
import { JSON_HEADERS, json, productBody, startTestApi, type TestApi } from '../support/test-api.js';

/** What the repository does on its next getProduct: fail like a driver would, or behave. */
let fault: 'none' | 'crash' | 'outage' = 'none';

function faulty(repository: CatalogRepository): CatalogRepository {
  return {
    ...repository,
    async getProduct(id) {
      if (fault === 'crash') {
        throw new Error(
          'ECONNRESET from socket 10.0.3.7:8000 while reading item PRODUCT#x (aws-sdk internals)',
        );
      }
      if (fault === 'outage') {
        throw new UnavailableError('The catalog is temporarily unavailable.', {
          retryAfterSeconds: 3,
          cause: new Error(
            'ProvisionedThroughputExceededException: Rate of requests exceeds the allowed throughput',
          ),
        });
      }
      return repository.getProduct(id);
    },
  };
}

describe('errors, limits and cross-cutting headers', () => {
  let api: TestApi;
  let admin: { authorization: string };

  beforeAll(async () => {
    api = await startTestApi({
      corsOrigins: ['https://shop.example'],
      wrapRepository: faulty,
    });
    admin = await api.auth('admin');
    await api.catalog.createCategory({ id: 'mugs', name: 'Mugs' });
  });
  afterAll(() => api.close());

  it('GET /health answers {"status":"ok"}', async () => {
    const response = await api.request('/health');
    expect(response.status).toBe(200);
    expect(await json(response)).toEqual({ status: 'ok' });
  });

  it('unknown routes get a 404 problem', async () => {
    const response = await api.request('/nowhere/at/all', { method: 'POST' });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await json(response)).toMatchObject({
      status: 404,
      title: 'Not Found',
      requestId: response.headers.get('x-request-id'),
    });
  });

  it('500 names a request id, leaks nothing, and logs the cause', async () => {
    fault = 'crash';
    const response = await api.request('/products/any-id', { headers: { 'x-request-id': 'trace-500' } });
    fault = 'none';
    expect(response.status).toBe(500);
    expect(response.headers.get('x-request-id')).toBe('trace-500');
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({ status: 500, requestId: 'trace-500' });
    expect(text).not.toMatch(/ECONNRESET|aws-sdk|PRODUCT#|at .*\.ts/);
    const logged = api.logs.find((line) => line.level === 'error' && line.fields?.requestId === 'trace-500');
    expect(JSON.stringify(logged)).toMatch(/ECONNRESET/);
  });

  it('503 with Retry-After when a dependency is down, without its message', async () => {
    fault = 'outage';
    const response = await api.request('/products/any-id');
    fault = 'none';
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('3');
    expect(await response.text()).not.toMatch(/Throughput/);
  });

  it('413 for a real 300 KB request over a socket, with and without Content-Length', async () => {
    const { url } = await api.listen();
    const big = JSON.stringify(productBody({ description: 'x'.repeat(300 * 1024) }));
    const withLength = await fetch(`${url}/products`, {
      method: 'POST',
      headers: { ...admin, ...JSON_HEADERS },
      body: big,
    });
    expect(withLength.status).toBe(413);
    // The unread rest of the body makes the connection unusable: tell the client.
    expect(withLength.headers.get('connection')).toBe('close');
    expect(withLength.headers.get('content-type')).toBe('application/problem+json');
    expect((await json(withLength)).detail).toMatch(/256 KB/);

    // Chunked (no Content-Length): the limit is counted while reading. node:http rather than fetch, because
    // fetch gives up on a response that arrives before the upload is finished, as a 413 does.
    const chunked = await new Promise<{ status: number }>((resolve, reject) => {
      const outgoing = httpRequest(`${url}/products`, {
        method: 'POST',
        headers: { ...admin, ...JSON_HEADERS, 'transfer-encoding': 'chunked' },
      });
      outgoing.on('response', (response) => {
        response.resume();
        resolve({ status: response.statusCode ?? 0 });
      });
      outgoing.on('error', reject);
      for (let offset = 0; offset < big.length; offset += 32_000)
        outgoing.write(big.slice(offset, offset + 32_000));
      outgoing.end();
    });
    expect(chunked.status).toBe(413);

    // Just under the limit is fine (it fails validation for the long description, not for size).
    const under = await fetch(`${url}/products`, {
      method: 'POST',
      headers: { ...admin, ...JSON_HEADERS },
      body: JSON.stringify(productBody({ description: 'x'.repeat(200 * 1024) })),
    });
    expect(under.status).toBe(400);
    expect((await json(under)).errors[0].path).toBe('description');
  });

  it('returns the caller x-request-id, or a generated one', async () => {
    const echoed = await api.request('/health', { headers: { 'x-request-id': 'abc-123' } });
    expect(echoed.headers.get('x-request-id')).toBe('abc-123');
    const generated = await api.request('/health', { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    // On Lambda, hono/aws-lambda hands the API Gateway request context to the app as its env.
    const fromGateway = await api.app.request('/health', {}, { requestContext: { requestId: 'gw-Ab12=' } });
    expect(fromGateway.headers.get('x-request-id')).toBe('gw-Ab12=');
  });

  it('logs one line per request with method, path, status, ms and request id', async () => {
    await api.request('/health', { headers: { 'x-request-id': 'log-me' } });
    const lines = api.logs.filter((line) => line.fields?.requestId === 'log-me');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'info',
      message: 'request',
      fields: { method: 'GET', path: '/health', status: 200, requestId: 'log-me' },
    });
    expect(typeof lines[0]?.fields?.ms).toBe('number');
  });

  it('sets security headers on API responses', async () => {
    const response = await api.request('/health');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toBe(
      "default-src 'none'; frame-ancestors 'none'",
    );
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('strict-transport-security')).toMatch(/max-age=/);
    expect(response.headers.get('x-powered-by')).toBeNull();
  });

  it('answers CORS preflights for configured origins only', async () => {
    const preflight = (origin: string) =>
      api.request('/products', {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization, content-type, idempotency-key',
        },
      });
    const allowed = await preflight('https://shop.example');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(allowed.headers.get('access-control-allow-methods')).toMatch(/PATCH/);
    expect(allowed.headers.get('access-control-allow-headers')?.toLowerCase()).toMatch(/idempotency-key/);
    const denied = await preflight('https://evil.example');
    expect(denied.headers.get('access-control-allow-origin')).toBeNull();

    const simple = await api.request('/health', { headers: { origin: 'https://shop.example' } });
    expect(simple.headers.get('access-control-expose-headers')?.toLowerCase()).toMatch(/etag/);
  });

  it('sends no CORS headers at all when no origin is configured', async () => {
    const plain = await startTestApi({ storage: 'memory' });
    const response = await plain.request('/health', { headers: { origin: 'https://shop.example' } });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    await plain.close();
  });
});
