import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JSON_HEADERS, json, productBody, startTestApi, type TestApi } from '../support/test-api.js';

describe('optimistic concurrency over a real socket (DynamoDB Local)', () => {
  let api: TestApi;
  let url: string;

  beforeAll(async () => {
    api = await startTestApi();
    url = (await api.listen()).url;
    await api.catalog.createCategory({ id: 'mugs', name: 'Mugs' });
  });
  afterAll(() => api.close());

  it('20 concurrent PATCHes with the same If-Match: exactly one 200, nineteen 412, version +1', async () => {
    const admin = await api.auth('admin');
    const created = await fetch(`${url}/products`, {
      method: 'POST',
      headers: { ...admin, ...JSON_HEADERS },
      body: JSON.stringify(productBody()),
    });
    const product = await json(created);
    const etag = created.headers.get('etag') as string;

    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        fetch(`${url}/products/${product.id}`, {
          method: 'PATCH',
          headers: { ...admin, 'content-type': 'application/merge-patch+json', 'if-match': etag },
          body: JSON.stringify({ name: `Writer ${i}` }),
        }),
      ),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([200, ...Array(19).fill(412)]);

    const winner = responses.find((r) => r.status === 200) as Response;
    const winnerBody = await json(winner);
    const current = await fetch(`${url}/products/${product.id}`);
    expect(current.headers.get('etag')).toBe('"2"');
    expect(await json(current)).toMatchObject({ version: 2, name: winnerBody.name });
  });

  it('20 concurrent POSTs with one SKU: exactly one 201, nineteen 409 naming sku', async () => {
    const admin = await api.auth('admin');
    const sku = `HOT-${Date.now()}`;
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        fetch(`${url}/products`, {
          method: 'POST',
          headers: { ...admin, ...JSON_HEADERS },
          body: JSON.stringify(productBody({ sku })),
        }),
      ),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([201, ...Array(19).fill(409)]);
    for (const loser of responses.filter((r) => r.status === 409)) {
      expect((await json(loser)).errors[0].path).toBe('sku');
    }
  });

  it('20 concurrent SKU swaps between two products: each SKU stays on exactly one product', async () => {
    const admin = await api.auth('admin');
    const stamp = Date.now();
    const skus = [`SWAP-A-${stamp}`, `SWAP-B-${stamp}`, `SWAP-C-${stamp}`];
    const ids: string[] = [];
    for (const sku of skus.slice(0, 2)) {
      const created = await fetch(`${url}/products`, {
        method: 'POST',
        headers: { ...admin, ...JSON_HEADERS },
        body: JSON.stringify(productBody({ sku })),
      });
      ids.push((await json(created)).id);
    }
    // Each client reads a product and moves it to a SKU it does not hold, with the ETag it read.
    const responses = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const id = ids[i % 2] as string;
        const current = await fetch(`${url}/products/${id}`);
        const { sku } = await json(current);
        const target = skus.filter((candidate) => candidate !== sku)[i % 2];
        return fetch(`${url}/products/${id}`, {
          method: 'PATCH',
          headers: {
            ...admin,
            'content-type': 'application/merge-patch+json',
            'if-match': current.headers.get('etag') as string,
          },
          body: JSON.stringify({ sku: target }),
        });
      }),
    );
    for (const response of responses) expect([200, 409, 412]).toContain(response.status);
    expect(responses.some((r) => r.status === 200)).toBe(true);
    const finals = await Promise.all(
      ids.map(async (id) => (await json(await fetch(`${url}/products/${id}`))).sku),
    );
    expect(new Set(finals).size).toBe(2);
    // The SKU nobody holds is free again; a held one is refused.
    const free = skus.find((sku) => !finals.includes(sku));
    const reuse = await fetch(`${url}/products`, {
      method: 'POST',
      headers: { ...admin, ...JSON_HEADERS },
      body: JSON.stringify(productBody({ sku: free })),
    });
    expect(reuse.status).toBe(201);
    const taken = await fetch(`${url}/products`, {
      method: 'POST',
      headers: { ...admin, ...JSON_HEADERS },
      body: JSON.stringify(productBody({ sku: finals[0] })),
    });
    expect(taken.status).toBe(409);
  });
});
