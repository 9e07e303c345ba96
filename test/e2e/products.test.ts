import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JSON_HEADERS, json, productBody, startTestApi, type TestApi } from '../support/test-api.js';

describe('products over HTTP (DynamoDB Local)', () => {
  let api: TestApi;
  let admin: { authorization: string };
  let customer: { authorization: string };

  beforeAll(async () => {
    api = await startTestApi();
    admin = await api.auth('admin');
    customer = await api.auth('customer');
    await api.catalog.createCategory({ id: 'mugs', name: 'Mugs' });
    await api.catalog.createCategory({ id: 'plates', name: 'Plates' });
  });
  afterAll(() => api.close());

  const create = async (overrides: Record<string, unknown> = {}) => {
    const response = await api.request('/products', {
      method: 'POST',
      headers: { ...admin, ...JSON_HEADERS },
      body: JSON.stringify(productBody(overrides)),
    });
    expect(response.status).toBe(201);
    return (await json(response)) as Record<string, unknown> & { id: string; version: number };
  };

  describe('POST /products', () => {
    it('201 with the product, Location and a strong ETag', async () => {
      const body = productBody({ description: 'Hand-thrown' });
      const response = await api.request('/products', {
        method: 'POST',
        headers: { ...admin, ...JSON_HEADERS },
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(201);
      const product = await json(response);
      expect(product).toMatchObject({ ...body, version: 1, attributes: {} });
      expect(product.id).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(Date.parse(product.createdAt)).not.toBeNaN();
      expect(response.headers.get('location')).toBe(`/products/${product.id}`);
      expect(response.headers.get('etag')).toBe('"1"');
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    });

    it('defaults status to draft', async () => {
      const { status: _status, ...body } = productBody();
      const response = await api.request('/products', {
        method: 'POST',
        headers: { ...admin, ...JSON_HEADERS },
        body: JSON.stringify(body),
      });
      expect((await json(response)).status).toBe('draft');
    });

    it('400 with a path per problem, unknown fields included', async () => {
      const response = await api.request('/products', {
        method: 'POST',
        headers: { ...admin, ...JSON_HEADERS },
        body: JSON.stringify(
          productBody({ price: { amount: 9.99, currency: 'EURO' }, version: 7, name: undefined }),
        ),
      });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      const problem = await json(response);
      expect(problem).toMatchObject({ type: 'about:blank', title: 'Bad Request', status: 400 });
      expect(problem.errors.map((e: { path: string }) => e.path).sort()).toEqual([
        'name',
        'price.amount',
        'price.currency',
        'version',
      ]);
    });

    it('400 on malformed JSON, path body', async () => {
      const response = await api.request('/products', {
        method: 'POST',
        headers: { ...admin, ...JSON_HEADERS },
        body: '{"sku": "A",',
      });
      expect(response.status).toBe(400);
      expect((await json(response)).errors).toEqual([{ path: 'body', message: 'is not valid JSON' }]);
    });

    it('400 path body when the JSON is not an object', async () => {
      const response = await api.request('/products', {
        method: 'POST',
        headers: { ...admin, ...JSON_HEADERS },
        body: '[1,2]',
      });
      expect(response.status).toBe(400);
      expect((await json(response)).errors[0].path).toBe('body');
    });

    it('415 when the body is not JSON', async () => {
      for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
        const response = await api.request('/products', {
          method: 'POST',
          headers: { ...admin, 'content-type': contentType },
          body: 'sku=A',
        });
        expect(response.status).toBe(415);
        expect(response.headers.get('content-type')).toBe('application/problem+json');
      }
      const untyped = await api.request('/products', { method: 'POST', headers: admin, body: '{}' });
      expect(untyped.status).toBe(415);
    });

    it('409 on a duplicate SKU, naming the field', async () => {
      const first = await create();
      const response = await api.request('/products', {
        method: 'POST',
        headers: { ...admin, ...JSON_HEADERS },
        body: JSON.stringify(productBody({ sku: first.sku })),
      });
      expect(response.status).toBe(409);
      expect((await json(response)).errors[0].path).toBe('sku');
    });

    it('422 when the category does not exist', async () => {
      const response = await api.request('/products', {
        method: 'POST',
        headers: { ...admin, ...JSON_HEADERS },
        body: JSON.stringify(productBody({ categoryId: 'no-such-category' })),
      });
      expect(response.status).toBe(422);
      expect((await json(response)).errors[0].path).toBe('categoryId');
    });
  });

  describe('GET /products/{id}', () => {
    it('200 with ETag; If-None-Match with the current tag (or a list, weak, *) gives 304', async () => {
      const product = await create();
      const response = await api.request(`/products/${product.id}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('etag')).toBe('"1"');
      expect(await json(response)).toEqual(product);
      for (const tag of ['"1"', '"9", "1"', 'W/"1"', '*']) {
        const cached = await api.request(`/products/${product.id}`, { headers: { 'if-none-match': tag } });
        expect(cached.status, tag).toBe(304);
        expect(cached.headers.get('etag')).toBe('"1"');
        expect(await cached.text()).toBe('');
      }
      const stale = await api.request(`/products/${product.id}`, { headers: { 'if-none-match': '"0"' } });
      expect(stale.status).toBe(200);
    });

    it('404 problem when absent; 400 for an id that cannot exist', async () => {
      const missing = await api.request('/products/does-not-exist');
      expect(missing.status).toBe(404);
      expect((await json(missing)).status).toBe(404);
      const bad = await api.request('/products/not%20an%20id');
      expect(bad.status).toBe(400);
      expect((await json(bad)).errors[0].path).toBe('path.id');
    });

    it('drafts are visible to admins only', async () => {
      const draft = await create({ status: 'draft' });
      expect((await api.request(`/products/${draft.id}`)).status).toBe(404);
      expect((await api.request(`/products/${draft.id}`, { headers: customer })).status).toBe(404);
      expect((await api.request(`/products/${draft.id}`, { headers: admin })).status).toBe(200);
    });

    it('400 on a malformed If-None-Match', async () => {
      const product = await create();
      const response = await api.request(`/products/${product.id}`, { headers: { 'if-none-match': '1' } });
      expect(response.status).toBe(400);
      expect((await json(response)).errors[0].path).toBe('header.if-none-match');
    });
  });

  describe('PUT /products/{id}', () => {
    it('201 + Location when created, 200 when replaced (createdAt kept, version bumped)', async () => {
      const body = productBody();
      const created = await api.request('/products/put-1', {
        method: 'PUT',
        headers: { ...admin, ...JSON_HEADERS },
        body: JSON.stringify({ id: 'put-1', ...body }),
      });
      expect(created.status).toBe(201);
      expect(created.headers.get('location')).toBe('/products/put-1');
      const first = await json(created);
      expect(first).toMatchObject({ id: 'put-1', version: 1 });

      const replaced = await api.request('/products/put-1', {
        method: 'PUT',
        headers: { ...admin, ...JSON_HEADERS },
        body: JSON.stringify({ ...body, name: 'Renamed', description: undefined }),
      });
      expect(replaced.status).toBe(200);
      expect(replaced.headers.get('etag')).toBe('"2"');
      const second = await json(replaced);
      expect(second).toMatchObject({ id: 'put-1', version: 2, name: 'Renamed', createdAt: first.createdAt });
    });

    it('honours If-Match: 412 when stale or when the product does not exist, 200 when current', async () => {
      const product = await create();
      const put = (id: string, ifMatch: string) =>
        api.request(`/products/${id}`, {
          method: 'PUT',
          headers: { ...admin, ...JSON_HEADERS, 'if-match': ifMatch },
          body: JSON.stringify(productBody({ sku: product.sku })),
        });
      expect((await put(product.id, '"5"')).status).toBe(412);
      expect((await put(product.id, 'W/"1"')).status).toBe(412);
      expect((await put('never-created', '*')).status).toBe(412);
      const ok = await put(product.id, '"1"');
      expect(ok.status).toBe(200);
      expect(ok.headers.get('etag')).toBe('"2"');
    });

    it('400 when the body id contradicts the path', async () => {
      const response = await api.request('/products/put-2', {
        method: 'PUT',
        headers: { ...admin, ...JSON_HEADERS },
        body: JSON.stringify({ ...productBody(), id: 'other' }),
      });
      expect(response.status).toBe(400);
      expect((await json(response)).errors[0].path).toBe('id');
      expect((await api.request('/products/put-2', { headers: admin })).status).toBe(404);
    });
  });

  describe('PATCH /products/{id}', () => {
    it('applies a merge patch (application/merge-patch+json and application/json)', async () => {
      const product = await create({ description: 'old', attributes: { color: 'red', size: 2 } });
      const first = await api.request(`/products/${product.id}`, {
        method: 'PATCH',
        headers: { ...admin, 'content-type': 'application/merge-patch+json', 'if-match': '"1"' },
        body: JSON.stringify({ description: null, price: { amount: 990 }, attributes: { color: null } }),
      });
      expect(first.status).toBe(200);
      expect(first.headers.get('etag')).toBe('"2"');
      const patched = await json(first);
      expect(patched).toMatchObject({
        version: 2,
        price: { amount: 990, currency: 'EUR' },
        attributes: { size: 2 },
      });
      expect(patched).not.toHaveProperty('description');

      const second = await api.request(`/products/${product.id}`, {
        method: 'PATCH',
        headers: { ...admin, ...JSON_HEADERS, 'if-match': '"2"' },
        body: JSON.stringify({ status: 'archived' }),
      });
      expect(second.status).toBe(200);
      expect((await json(second)).status).toBe('archived');
    });

    it('428 without If-Match, 412 with a stale one, 404 when absent', async () => {
      const product = await create();
      const patch = (id: string, headers: Record<string, string>) =>
        api.request(`/products/${id}`, {
          method: 'PATCH',
          headers: { ...admin, ...JSON_HEADERS, ...headers },
          body: JSON.stringify({ name: 'x' }),
        });
      const missing = await patch(product.id, {});
      expect(missing.status).toBe(428);
      expect(missing.headers.get('content-type')).toBe('application/problem+json');
      expect((await patch(product.id, { 'if-match': '"2"' })).status).toBe(412);
      expect((await patch('absent-product', { 'if-match': '"1"' })).status).toBe(404);
      expect((await api.request(`/products/${product.id}`)).headers.get('etag')).toBe('"1"');
    });

    it('400 for read-only fields and for an invalid result; 422 for a missing category', async () => {
      const product = await create();
      const patch = (body: unknown) =>
        api.request(`/products/${product.id}`, {
          method: 'PATCH',
          headers: { ...admin, ...JSON_HEADERS, 'if-match': '*' },
          body: JSON.stringify(body),
        });
      const readOnly = await patch({ version: 10, createdAt: 'x' });
      expect(readOnly.status).toBe(400);
      expect((await json(readOnly)).errors.map((e: { path: string }) => e.path)).toEqual([
        'createdAt',
        'version',
      ]);
      const invalid = await patch({ price: { amount: -5 }, sku: null });
      expect(invalid.status).toBe(400);
      expect((await json(invalid)).errors.map((e: { path: string }) => e.path).sort()).toEqual([
        'price.amount',
        'sku',
      ]);
      const unknownCategory = await patch({ categoryId: 'nowhere' });
      expect(unknownCategory.status).toBe(422);
    });

    it('415 for a body that is not JSON', async () => {
      const product = await create();
      const response = await api.request(`/products/${product.id}`, {
        method: 'PATCH',
        headers: { ...admin, 'content-type': 'text/plain', 'if-match': '"1"' },
        body: 'name=x',
      });
      expect(response.status).toBe(415);
    });
  });

  describe('taxClass', () => {
    const send = (method: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
      api.request(path, {
        method,
        headers: { ...admin, ...JSON_HEADERS, ...headers },
        body: JSON.stringify(body),
      });

    it('defaults to standard on POST and PUT, and every read carries it', async () => {
      const posted = await create();
      expect(posted.taxClass).toBe('standard');
      const put = await send('PUT', '/products/tax-default', productBody());
      expect(put.status).toBe(201);
      expect((await json(put)).taxClass).toBe('standard');
      expect((await json(await api.request(`/products/${posted.id}`))).taxClass).toBe('standard');
      const page = await json(await api.request('/products?limit=100', { headers: admin }));
      const listed = page.items.find((item: { id: string }) => item.id === 'tax-default');
      expect(listed.taxClass).toBe('standard');
    });

    it('round trip: PUT reduced, GET, PATCH zero, PATCH null back to the default, PUT without it resets', async () => {
      const body = productBody({ taxClass: 'reduced' });
      const created = await send('PUT', '/products/tax-trip', body);
      expect(created.status).toBe(201);
      expect(await json(created)).toMatchObject({ taxClass: 'reduced', version: 1 });
      expect((await json(await api.request('/products/tax-trip'))).taxClass).toBe('reduced');

      const zero = await send('PATCH', '/products/tax-trip', { taxClass: 'zero' }, { 'if-match': '"1"' });
      expect(zero.status).toBe(200);
      expect(await json(zero)).toMatchObject({ taxClass: 'zero', version: 2 });
      // A patch of another field leaves it as it is.
      const renamed = await send('PATCH', '/products/tax-trip', { name: 'Renamed' }, { 'if-match': '"2"' });
      expect(await json(renamed)).toMatchObject({ taxClass: 'zero', name: 'Renamed', version: 3 });
      expect((await json(await api.request('/products/tax-trip'))).taxClass).toBe('zero');

      const removed = await send('PATCH', '/products/tax-trip', { taxClass: null }, { 'if-match': '"3"' });
      expect(await json(removed)).toMatchObject({ taxClass: 'standard', version: 4 });

      await send('PATCH', '/products/tax-trip', { taxClass: 'reduced' }, { 'if-match': '"4"' });
      // PUT replaces the whole product: leaving taxClass out gives the default again.
      const replaced = await send('PUT', '/products/tax-trip', productBody({ sku: body.sku }));
      expect(replaced.status).toBe(200);
      expect(await json(replaced)).toMatchObject({ taxClass: 'standard', version: 6 });
    });

    it('400 naming taxClass for a value that is not a tax class, on POST, PUT and PATCH', async () => {
      const product = await create({ taxClass: 'reduced' });
      const answers = [
        await send('POST', '/products', productBody({ taxClass: 'luxury' })),
        await send('PUT', `/products/${product.id}`, productBody({ sku: product.sku, taxClass: 'REDUCED' })),
        await send('PATCH', `/products/${product.id}`, { taxClass: 7 }, { 'if-match': '"1"' }),
      ];
      for (const response of answers) {
        expect(response.status).toBe(400);
        expect(response.headers.get('content-type')).toBe('application/problem+json');
        expect((await json(response)).errors.map((e: { path: string }) => e.path)).toEqual(['taxClass']);
      }
      // Nothing was written.
      expect(await json(await api.request(`/products/${product.id}`))).toMatchObject({
        taxClass: 'reduced',
        version: 1,
      });
    });
  });

  describe('DELETE /products/{id}', () => {
    it('204, then 404; If-Match honoured', async () => {
      const product = await create();
      const stale = await api.request(`/products/${product.id}`, {
        method: 'DELETE',
        headers: { ...admin, 'if-match': '"3"' },
      });
      expect(stale.status).toBe(412);
      const deleted = await api.request(`/products/${product.id}`, {
        method: 'DELETE',
        headers: { ...admin, 'if-match': '"1"' },
      });
      expect(deleted.status).toBe(204);
      expect(await deleted.text()).toBe('');
      expect((await api.request(`/products/${product.id}`, { headers: admin })).status).toBe(404);
      const again = await api.request(`/products/${product.id}`, { method: 'DELETE', headers: admin });
      expect(again.status).toBe(404);
    });

    it('frees the SKU for a new product', async () => {
      const product = await create();
      await api.request(`/products/${product.id}`, { method: 'DELETE', headers: admin });
      await create({ sku: product.sku });
    });
  });

  describe('GET /products', () => {
    it('defaults to 20 items and a nextCursor, refuses limit over 100 with query.limit', async () => {
      for (let i = 0; i < 21; i++) await create({ categoryId: 'plates' });
      const page = await api.request('/products?categoryId=plates');
      expect(page.status).toBe(200);
      const body = await json(page);
      expect(body.items).toHaveLength(20);
      expect(typeof body.nextCursor).toBe('string');

      const tooMany = await api.request('/products?limit=101');
      expect(tooMany.status).toBe(400);
      expect((await json(tooMany)).errors[0].path).toBe('query.limit');
      expect((await api.request('/products?limit=100')).status).toBe(200);
    });

    it('400 for bad sort, status, prices and a cursor from another query', async () => {
      for (const [query, path] of [
        ['sort=random', 'query.sort'],
        ['status=gone', 'query.status'],
        ['minPrice=-1', 'query.minPrice'],
        ['maxPrice=abc', 'query.maxPrice'],
        ['minPrice=10&maxPrice=5', 'query.minPrice'],
        ['cursor=garbage', 'query.cursor'],
      ]) {
        const response = await api.request(`/products?${query}`);
        expect(response.status, query).toBe(400);
        expect((await json(response)).errors[0].path, query).toBe(path);
      }
      const first = await json(await api.request('/products?limit=1&sort=price'));
      const reused = await api.request(`/products?limit=1&sort=name&cursor=${first.nextCursor}`);
      expect(reused.status).toBe(400);
      expect((await json(reused)).errors[0].path).toBe('query.cursor');
    });

    it('q finds products by word prefixes, case and accents ignored', async () => {
      const product = await create({ name: 'Crème Brûlée Ramekin', categoryId: 'plates' });
      const found = await json(await api.request(`/products?q=${encodeURIComponent('BRUL crem')}&limit=100`));
      expect(found.items.map((p: { id: string }) => p.id)).toEqual([product.id]);
    });
  });
});
