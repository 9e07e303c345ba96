import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JSON_HEADERS, json, productBody, startTestApi, type TestApi } from '../support/test-api.js';

describe('optimistic concurrency over a real socket (dynalite)', () => {
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
});
