import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnavailableError } from '../../src/domain/shared/errors.js';
import { JSON_HEADERS, json, productBody, startTestApi, type TestApi } from '../support/test-api.js';

describe('Idempotency-Key on POST (records in DynamoDB Local)', () => {
  let api: TestApi;
  let admin: { authorization: string };
  /** Fails the next createProduct calls as a dependency outage would. */
  let outages = 0;

  beforeAll(async () => {
    api = await startTestApi({
      wrapRepository: (repository) => ({
        ...repository,
        async insertProduct(product) {
          if (outages > 0) {
            outages--;
            throw new UnavailableError('Storage is unavailable.', { retryAfterSeconds: 2 });
          }
          return repository.insertProduct(product);
        },
      }),
    });
    admin = await api.auth('admin', 'ada');
    await api.catalog.createCategory({ id: 'mugs', name: 'Mugs' });
  });
  afterAll(() => api.close());

  const post = (key: string, body: unknown, headers: Record<string, string> = admin) =>
    api.request('/products', {
      method: 'POST',
      headers: { ...headers, ...JSON_HEADERS, 'idempotency-key': key },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  const countBySku = async (sku: string) => {
    const page = await api.catalog.listProducts(
      { limit: 100, sort: 'name', q: undefined },
      { sub: 'a', roles: ['admin'] },
    );
    return page.items.filter((p) => p.sku === sku).length;
  };

  it('the first answer keeps a readable body even when garbage collection runs before it is read', async () => {
    // A cloned body's other half was cancelled by a GC on Node 20 (the client saw "Body is unusable").
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const body = productBody();
    const first = await post('key-gc', body);
    for (let round = 0; round < 3; round++) {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(first.status).toBe(201);
    expect(await json(first)).toMatchObject({ sku: body.sku });
  });

  it('a retry gets the stored status, Location, ETag and body, and creates nothing new', async () => {
    const body = productBody();
    const first = await post('key-replay', body);
    expect(first.status).toBe(201);
    const firstBody = await first.text();

    // Same JSON, other key order and whitespace: still the same request.
    const reordered = JSON.stringify(Object.fromEntries(Object.entries(body).reverse()), null, 2);
    const retry = await post('key-replay', reordered);
    expect(retry.status).toBe(201);
    expect(retry.headers.get('location')).toBe(first.headers.get('location'));
    expect(retry.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(retry.headers.get('content-type')).toMatch(/^application\/json/);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await retry.text()).toBe(firstBody);
    expect(await countBySku(body.sku as string)).toBe(1);
  });

  it('422 when the key comes back with a different body', async () => {
    expect((await post('key-mismatch', productBody())).status).toBe(201);
    const response = await post('key-mismatch', productBody());
    expect(response.status).toBe(422);
    expect((await json(response)).errors[0].path).toBe('header.idempotency-key');
  });

  it('concurrent duplicates: one 201, the others 409 or a replay, never two products', async () => {
    const body = productBody();
    const responses = await Promise.all(Array.from({ length: 5 }, () => post('key-race', body)));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    const ids = new Set(
      await Promise.all(responses.filter((r) => r.status === 201).map(async (r) => (await json(r)).id)),
    );
    expect(ids.size).toBe(1);
    expect(await countBySku(body.sku as string)).toBe(1);
  });

  it('keys are scoped per caller: another admin with the same key creates its own product', async () => {
    const mine = await post('key-shared', productBody());
    const theirs = await post('key-shared', productBody(), await api.auth('admin', 'grace'));
    expect(mine.status).toBe(201);
    expect(theirs.status).toBe(201);
    expect((await json(mine)).id).not.toBe((await json(theirs)).id);
  });

  it('a 503 is not stored: the retry with the same key runs and succeeds', async () => {
    const body = productBody();
    outages = 1;
    const failed = await post('key-outage', body);
    expect(failed.status).toBe(503);
    expect(failed.headers.get('retry-after')).toBe('2');
    const retried = await post('key-outage', body);
    expect(retried.status).toBe(201);
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
  });

  it('client errors are stored and replayed like successes', async () => {
    const body = productBody({ categoryId: 'nope' });
    expect((await post('key-422', body)).status).toBe(422);
    const again = await post('key-422', body);
    expect(again.status).toBe(422);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
  });

  it('works on POST /categories and rejects malformed keys', async () => {
    const create = (key: string) =>
      api.request('/categories', {
        method: 'POST',
        headers: { ...admin, ...JSON_HEADERS, 'idempotency-key': key },
        body: JSON.stringify({ name: 'Bowls' }),
      });
    const first = await create('cat-key');
    const second = await create('cat-key');
    expect([first.status, second.status]).toEqual([201, 201]);
    expect((await json(second)).id).toBe((await json(first)).id);
    const bad = await create('x'.repeat(300));
    expect(bad.status).toBe(400);
    expect((await json(bad)).errors[0].path).toBe('header.idempotency-key');
  });
});
