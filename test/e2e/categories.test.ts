import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JSON_HEADERS, json, productBody, startTestApi, type TestApi } from '../support/test-api.js';

describe('categories over HTTP (DynamoDB Local)', () => {
  let api: TestApi;
  let admin: { authorization: string };

  beforeAll(async () => {
    api = await startTestApi();
    admin = await api.auth('admin');
  });
  afterAll(() => api.close());

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    api.request('/categories', {
      method: 'POST',
      headers: { ...admin, ...JSON_HEADERS, ...headers },
      body: JSON.stringify(body),
    });

  it('POST 201 with Location and ETag; GET 200 and 304', async () => {
    const response = await post({ name: 'Kitchen' });
    expect(response.status).toBe(201);
    const category = await json(response);
    expect(category).toMatchObject({ name: 'Kitchen', version: 1 });
    expect(response.headers.get('location')).toBe(`/categories/${category.id}`);
    expect(response.headers.get('etag')).toBe('"1"');

    const read = await api.request(`/categories/${category.id}`);
    expect(read.status).toBe(200);
    expect(await json(read)).toEqual(category);
    const cached = await api.request(`/categories/${category.id}`, { headers: { 'if-none-match': '"1"' } });
    expect(cached.status).toBe(304);
    expect((await api.request('/categories/nothing-here')).status).toBe(404);
  });

  it('400 for unknown fields and empty names, 422 for a missing parent, 409 for a taken id', async () => {
    const unknown = await post({ name: 'X', colour: 'red' });
    expect(unknown.status).toBe(400);
    expect((await json(unknown)).errors).toEqual([{ path: 'colour', message: 'is not a known field' }]);
    const empty = await post({ name: '   ' });
    expect(empty.status).toBe(400);
    expect((await json(empty)).errors[0].path).toBe('name');
    const orphan = await post({ name: 'Orphan', parentId: 'missing' });
    expect(orphan.status).toBe(422);
    expect((await json(orphan)).errors[0].path).toBe('parentId');
    expect((await post({ id: 'taken', name: 'A' })).status).toBe(201);
    expect((await post({ id: 'taken', name: 'B' })).status).toBe(409);
  });

  it('GET /categories pages by name and filters by parentId', async () => {
    const root = await json(await post({ id: 'tree-root', name: 'Tree' }));
    for (const name of ['Cedar', 'Ash', 'Birch']) await post({ name, parentId: root.id });
    const first = await api.request(`/categories?parentId=${root.id}&limit=2`);
    expect(first.status).toBe(200);
    const page1 = await json(first);
    expect(page1.items.map((c: { name: string }) => c.name)).toEqual(['Ash', 'Birch']);
    const page2 = await json(
      await api.request(`/categories?parentId=${root.id}&limit=2&cursor=${page1.nextCursor}`),
    );
    expect(page2).toMatchObject({ items: [{ name: 'Cedar' }], nextCursor: null });

    const tooMany = await api.request('/categories?limit=1000');
    expect(tooMany.status).toBe(400);
    expect((await json(tooMany)).errors[0].path).toBe('query.limit');
  });

  it('PATCH renames and moves with If-Match (428 without, 412 stale, 422 cycle)', async () => {
    const parent = await json(await post({ name: 'Parent' }));
    const child = await json(await post({ name: 'Child', parentId: parent.id }));
    const patch = (id: string, body: unknown, headers: Record<string, string>) =>
      api.request(`/categories/${id}`, {
        method: 'PATCH',
        headers: { ...admin, 'content-type': 'application/merge-patch+json', ...headers },
        body: JSON.stringify(body),
      });

    expect((await patch(child.id, { name: 'Kid' }, {})).status).toBe(428);
    expect((await patch(child.id, { name: 'Kid' }, { 'if-match': '"9"' })).status).toBe(412);
    const renamed = await patch(child.id, { name: 'Kid' }, { 'if-match': '"1"' });
    expect(renamed.status).toBe(200);
    expect(renamed.headers.get('etag')).toBe('"2"');
    expect(await json(renamed)).toMatchObject({ name: 'Kid', parentId: parent.id, version: 2 });

    const cycle = await patch(parent.id, { parentId: child.id }, { 'if-match': '"1"' });
    expect(cycle.status).toBe(422);
    expect((await json(cycle)).errors[0].path).toBe('parentId');

    const moved = await patch(child.id, { parentId: null }, { 'if-match': '"2"' });
    expect(moved.status).toBe(200);
    expect(await json(moved)).not.toHaveProperty('parentId');
  });

  it('DELETE 204 when empty, 409 while it holds products, 404 when gone', async () => {
    const category = await json(await post({ name: 'Doomed' }));
    const product = await json(
      await api.request('/products', {
        method: 'POST',
        headers: { ...admin, ...JSON_HEADERS },
        body: JSON.stringify(productBody({ categoryId: category.id })),
      }),
    );

    const blocked = await api.request(`/categories/${category.id}`, { method: 'DELETE', headers: admin });
    expect(blocked.status).toBe(409);
    expect(blocked.headers.get('content-type')).toBe('application/problem+json');

    expect((await api.request(`/products/${product.id}`, { method: 'DELETE', headers: admin })).status).toBe(
      204,
    );
    const stale = await api.request(`/categories/${category.id}`, {
      method: 'DELETE',
      headers: { ...admin, 'if-match': '"2"' },
    });
    expect(stale.status).toBe(412);
    const deleted = await api.request(`/categories/${category.id}`, {
      method: 'DELETE',
      headers: { ...admin, 'if-match': '"1"' },
    });
    expect(deleted.status).toBe(204);
    expect((await api.request(`/categories/${category.id}`)).status).toBe(404);
    expect(
      (await api.request(`/categories/${category.id}`, { method: 'DELETE', headers: admin })).status,
    ).toBe(404);
  });
});
