import { describe, expect, it } from 'vitest';
import { useOrderingApi } from '../support/ordering-api.js';
import { JSON_HEADERS, json, productBody } from '../support/test-api.js';

/**
 * Text and numbers a client sends reach DynamoDB and PostgreSQL. What either store cannot hold must be a
 * 400 naming the field, before anything is written, never a 500 on the write or on a later checkout.
 */
describe('input that reaches storage', () => {
  const api = useOrderingApi();
  const admin = () => api().admin;
  const paths = async (response: Response) =>
    ((await json(response)).errors as { path: string }[]).map((error) => error.path);

  const postProduct = (body: unknown) =>
    api().request('/products', {
      method: 'POST',
      headers: { ...admin(), ...JSON_HEADERS },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const patchProduct = (id: string, version: number, body: string) =>
    api().request(`/products/${id}`, {
      method: 'PATCH',
      headers: { ...admin(), 'content-type': 'application/merge-patch+json', 'if-match': `"${version}"` },
      body,
    });
  const getProduct = async (id: string) => json(await api().request(`/products/${id}`, { headers: admin() }));

  describe('text', () => {
    it.each([
      ['U+0000 in the name', { name: 'Mug\u0000' }, 'name'],
      ['an escape sequence in the name', { name: 'Mug \u001b[31mred' }, 'name'],
      ['a carriage return inside the name', { name: 'Mu\rg' }, 'name'],
      ['DEL in the description', { description: 'Mug\u007f' }, 'description'],
      ['a C1 control in the description', { description: 'Mug\u0085' }, 'description'],
      ['a lone surrogate in an attribute', { attributes: { glaze: 'blue\ud800' } }, 'attributes.glaze'],
    ])('POST /products with %s is a 400 naming the field, and nothing is stored', async (_, fields, path) => {
      const sku = `CTRL-${path}-${Object.keys(fields)[0]}`.slice(0, 60);
      const response = await postProduct(productBody({ categoryId: 'shop', sku, ...fields }));
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(await json(response)).toMatchObject({
        errors: [{ path, message: expect.stringContaining('control characters') }],
      });
      const listed = await json(await api().request('/products?limit=100', { headers: admin() }));
      expect(listed.items.map((product: { sku: string }) => product.sku)).not.toContain(sku);
    });

    it('keeps tabs, newlines, emoji and accents as they are', async () => {
      const text = { name: 'Café ☕ mug 😀', description: 'Line one\n\tLine two' };
      const response = await postProduct(productBody({ categoryId: 'shop', ...text }));
      expect(response.status).toBe(201);
      expect(await getProduct((await json(response)).id)).toMatchObject(text);
    });

    it('a PATCH that would store a control character is a 400 and leaves the product as it was', async () => {
      const created = await json(await postProduct(productBody({ categoryId: 'shop' })));
      const response = await patchProduct(created.id, 1, JSON.stringify({ name: 'Mug\u0000' }));
      expect(response.status).toBe(400);
      expect(await paths(response)).toEqual(['name']);
      expect(await getProduct(created.id)).toMatchObject({ name: created.name, version: 1 });
    });

    it('POST /categories and PATCH of a category refuse a control character in the name', async () => {
      const post = await api().request('/categories', {
        method: 'POST',
        headers: { ...admin(), ...JSON_HEADERS },
        body: JSON.stringify({ name: 'Cups\u0000' }),
      });
      expect(post.status).toBe(400);
      expect(await paths(post)).toEqual(['name']);

      const patch = await api().request('/categories/shop', {
        method: 'PATCH',
        headers: { ...admin(), 'content-type': 'application/merge-patch+json', 'if-match': '*' },
        body: JSON.stringify({ name: 'Shop\u0007' }),
      });
      expect(patch.status).toBe(400);
      expect(await paths(patch)).toEqual(['name']);
    });

    it('an inventory adjustment whose reason holds U+0000 is a 400 on reason; the stock stays', async () => {
      const mug = await api().stockedProduct(5);
      const response = await api().request(`/inventory/${mug}/adjustments`, {
        method: 'POST',
        headers: { ...admin(), ...JSON_HEADERS },
        body: JSON.stringify({ delta: 3, reason: 'found\u0000' }),
      });
      expect(response.status).toBe(400);
      expect(await paths(response)).toEqual(['reason']);
      expect(await api().available(mug)).toBe(5);
    });

    it('GET /orders?customerId= with U+0000 is a 400 on query.customerId', async () => {
      const response = await api().request('/orders?customerId=al%00ice', { headers: admin() });
      expect(response.status).toBe(400);
      expect(await paths(response)).toEqual(['query.customerId']);
    });

    it('a checkout of a product whose name was stored with U+0000 earlier is a 422, not a 500', async () => {
      // Written past the API's checks, as a product stored before they existed would be.
      const legacy = await api().stockedProduct(5, { name: 'Old\u0000Mug' });
      const alice = await api().customer('alice');
      const response = await api().placeOrder(alice, { items: [{ productId: legacy, quantity: 1 }] });
      expect(response.status).toBe(422);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect((await json(response)).detail).toMatch(/cannot store/);
      expect(await api().available(legacy)).toBe(5);
    });
  });

  describe('attributes', () => {
    it('names like Object.prototype members are ordinary attributes: stored, read back, patched', async () => {
      const attributes = { constructor: 1, toString: 'glazed', hasOwnProperty: true, valueOf: 0.5 };
      const created = await postProduct(productBody({ categoryId: 'shop', attributes }));
      expect(created.status).toBe(201);
      const { id } = await json(created);
      expect((await getProduct(id)).attributes).toEqual(attributes);

      const listed = await json(await api().request('/products?limit=100&categoryId=shop'));
      expect(listed.items.find((product: { id: string }) => product.id === id)?.attributes).toEqual(
        attributes,
      );

      const patched = await patchProduct(
        id,
        1,
        JSON.stringify({ attributes: { constructor: null, isPrototypeOf: 'x' } }),
      );
      expect(patched.status).toBe(200);
      expect((await getProduct(id)).attributes).toEqual({
        toString: 'glazed',
        hasOwnProperty: true,
        valueOf: 0.5,
        isPrototypeOf: 'x',
      });
    });

    it('an attribute named __proto__ is a 400 naming it, not silently dropped', async () => {
      const body = JSON.stringify(productBody({ categoryId: 'shop' })).replace(
        '"status"',
        '"attributes":{"__proto__":"x","color":"red"},"status"',
      );
      const response = await postProduct(body);
      expect(response.status).toBe(400);
      expect(await paths(response)).toEqual(['attributes.__proto__']);
    });

    it.each([
      ['beyond 2^53 - 1', 2 ** 53],
      ['far beyond it', 1e300],
      ['below -(2^53 - 1)', -(2 ** 60)],
      ['closer to zero than 1e-130', 1e-200],
    ])('a number %s is a 400 on the attribute', async (_, value) => {
      const response = await postProduct(productBody({ categoryId: 'shop', attributes: { weight: value } }));
      expect(response.status).toBe(400);
      expect(await json(response)).toMatchObject({
        errors: [{ path: 'attributes.weight', message: expect.stringContaining('between') }],
      });
    });

    it('numbers the store can hold come back as they were sent', async () => {
      const attributes = {
        max: Number.MAX_SAFE_INTEGER,
        min: -Number.MAX_SAFE_INTEGER,
        tiny: 1e-130,
        zero: 0,
        ratio: 0.1,
      };
      const created = await postProduct(productBody({ categoryId: 'shop', attributes }));
      expect(created.status).toBe(201);
      expect((await getProduct((await json(created)).id)).attributes).toEqual(attributes);
    });
  });

  describe('ids that are member names', () => {
    it('a product with the id "constructor" can be stored, carted and ordered', async () => {
      const put = await api().request('/products/constructor', {
        method: 'PUT',
        headers: { ...admin(), ...JSON_HEADERS },
        body: JSON.stringify(productBody({ categoryId: 'shop' })),
      });
      expect(put.status).toBe(201);
      const alice = await api().customer('alice');
      const cart = await json(await api().request('/carts', { method: 'POST', headers: alice }));
      const line = await api().request(`/carts/${cart.id}/items/constructor`, {
        method: 'PUT',
        headers: { ...alice, ...JSON_HEADERS },
        body: JSON.stringify({ quantity: 2 }),
      });
      expect(line.status).toBe(200);
      const read = await json(await api().request(`/carts/${cart.id}`, { headers: alice }));
      expect(read.items).toEqual([expect.objectContaining({ productId: 'constructor', quantity: 2 })]);
    });

    it('the id "__proto__" is a 400: a cart line under it could never be read back', async () => {
      const put = await api().request('/products/__proto__', {
        method: 'PUT',
        headers: { ...admin(), ...JSON_HEADERS },
        body: JSON.stringify(productBody({ categoryId: 'shop' })),
      });
      expect(put.status).toBe(400);
      expect(await paths(put)).toEqual(['path.id']);
    });
  });

  describe('merge patches', () => {
    it('a member named __proto__ is an unknown field (400 naming it), not a silent no-op', async () => {
      const created = await json(await postProduct(productBody({ categoryId: 'shop' })));
      const response = await patchProduct(created.id, 1, '{"__proto__":{"description":"sneaked in"}}');
      expect(response.status).toBe(400);
      expect(await json(response)).toMatchObject({
        errors: [{ path: '__proto__', message: 'is not a known field' }],
      });
      expect(await getProduct(created.id)).toMatchObject({ version: 1 });
      expect(await getProduct(created.id)).not.toHaveProperty('description');

      const nested = await patchProduct(created.id, 1, '{"price":{"__proto__":{"amount":1}}}');
      expect(nested.status).toBe(400);
      expect(await paths(nested)).toEqual(['price.__proto__']);
    });
  });

  describe('JSON nesting', () => {
    const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

    it('POST /carts with an Idempotency-Key and a body 5,000 levels deep is a 400 on body', async () => {
      const alice = await api().customer('alice');
      const response = await api().request('/carts', {
        method: 'POST',
        headers: { ...alice, ...JSON_HEADERS, 'idempotency-key': 'deep-cart-1' },
        body: `{"a":${nested(5000)}}`,
      });
      expect(response.status).toBe(400);
      expect(await json(response)).toMatchObject({
        errors: [{ path: 'body', message: expect.stringContaining('32 levels') }],
      });
      // Nothing was claimed: the same key with a sane request still creates a cart.
      const retry = await api().request('/carts', {
        method: 'POST',
        headers: { ...alice, 'idempotency-key': 'deep-cart-1' },
      });
      expect(retry.status).toBe(201);
    });

    it('any JSON body nested deeper than 32 levels is a 400 on body, with or without a key', async () => {
      const created = await json(await postProduct(productBody({ categoryId: 'shop' })));
      const deepPost = await postProduct(`{"attributes":{"a":${nested(100_000)}}}`);
      expect(deepPost.status).toBe(400);
      expect(await paths(deepPost)).toEqual(['body']);

      // 32 levels is within the bound (the schema then says what is wrong); 33 is not.
      const atBound = await patchProduct(created.id, 1, `{"attributes":{"a":${nested(30)}}}`);
      expect(atBound.status).toBe(400);
      expect(await paths(atBound)).toEqual(['attributes.a']);
      const pastBound = await patchProduct(created.id, 1, `{"attributes":{"a":${nested(31)}}}`);
      expect(pastBound.status).toBe(400);
      expect(await paths(pastBound)).toEqual(['body']);

      const deepOrder = await api().placeOrder(await api().customer('alice'), `{"items":${nested(50)}}`);
      expect(deepOrder.status).toBe(400);
      expect(await paths(deepOrder)).toEqual(['body']);

      // A public route too: the advisor takes anyone's JSON.
      const deepAdvice = await api().request('/advisor', {
        method: 'POST',
        headers: JSON_HEADERS,
        body: `{"api":${nested(10_000)}}`,
      });
      expect(deepAdvice.status).toBe(400);
      expect(await paths(deepAdvice)).toEqual(['body']);
    });
  });
});
