import { describe, expect, it } from 'vitest';
import { MAX_CART_LINES } from '../../src/domain/ordering/cart.js';
import { useOrderingApi } from '../support/ordering-api.js';
import { JSON_HEADERS, json } from '../support/test-api.js';

describe('carts over HTTP (DynamoDB Local)', () => {
  const api = useOrderingApi();

  async function newCart(auth: { authorization: string }) {
    const response = await api().request('/carts', { method: 'POST', headers: auth });
    expect(response.status).toBe(201);
    return json(response);
  }

  const putItem = (auth: { authorization: string }, cartId: string, productId: string, quantity: unknown) =>
    api().request(`/carts/${cartId}/items/${productId}`, {
      method: 'PUT',
      headers: { ...auth, ...JSON_HEADERS },
      body: JSON.stringify({ quantity }),
    });

  it('creates an empty cart with Location, owned by the caller, expiring in a week', async () => {
    const alice = await api().customer('alice');
    const response = await api().request('/carts', { method: 'POST', headers: alice });
    expect(response.status).toBe(201);
    const cart = await json(response);
    expect(response.headers.get('location')).toBe(`/carts/${cart.id}`);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(cart).toMatchObject({ customerId: 'alice', items: [], totals: [] });
    const week = Date.parse(cart.expiresAt) - Date.parse(cart.createdAt);
    expect(week).toBeGreaterThan(7 * 86_400_000 - 1000);
    expect(week).toBeLessThanOrEqual(7 * 86_400_000);
  });

  it('replays a retried POST /carts with the same cart, still never cached', async () => {
    const alice = await api().customer('alice');
    const post = () =>
      api().request('/carts', { method: 'POST', headers: { ...alice, 'idempotency-key': 'cart-1' } });
    const first = await post();
    const retry = await post();
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect((await json(retry)).id).toBe((await json(first)).id);
    expect(retry.headers.get('location')).toBe(first.headers.get('location'));
    expect(retry.headers.get('cache-control')).toBe('no-store');
  });

  it('sets, changes and removes lines, priced from the catalog with totals per currency', async () => {
    const alice = await api().customer('alice');
    const mug = await api().stockedProduct(5, { name: 'Mug', price: { amount: 1450, currency: 'EUR' } });
    const cup = await api().stockedProduct(5, { name: 'Cup', price: { amount: 900, currency: 'USD' } });
    const cart = await newCart(alice);

    expect((await putItem(alice, cart.id, mug, 2)).status).toBe(200);
    await putItem(alice, cart.id, cup, 1);
    const changed = await json(await putItem(alice, cart.id, mug, 3));
    expect(changed.items).toContainEqual({
      productId: mug,
      sku: expect.any(String),
      name: 'Mug',
      quantity: 3,
      unitPrice: { amount: 1450, currency: 'EUR' },
      lineTotal: { amount: 4350, currency: 'EUR' },
      available: true,
    });
    expect(changed.totals).toEqual([
      { amount: 4350, currency: 'EUR' },
      { amount: 900, currency: 'USD' },
    ]);

    // A price change shows on the next read: carts hold no prices.
    const mugEtag = (await api().request(`/products/${mug}`)).headers.get('etag') as string;
    await api().request(`/products/${mug}`, {
      method: 'PATCH',
      headers: { ...api().admin, 'content-type': 'application/merge-patch+json', 'if-match': mugEtag },
      body: JSON.stringify({ price: { amount: 1000 } }),
    });
    const reread = await json(await api().request(`/carts/${cart.id}`, { headers: alice }));
    expect(reread.totals).toContainEqual({ amount: 3000, currency: 'EUR' });

    const removed = await json(await putItem(alice, cart.id, mug, 0));
    expect(removed.items.map((line: { productId: string }) => line.productId)).toEqual([cup]);
  });

  it('keeps lines of deleted or deactivated products, unavailable and outside the totals', async () => {
    const alice = await api().customer('alice');
    const gone = await api().stockedProduct(5);
    const archived = await api().stockedProduct(5);
    const kept = await api().stockedProduct(5, { price: { amount: 500, currency: 'EUR' } });
    const cart = await newCart(alice);
    for (const productId of [gone, archived, kept]) await putItem(alice, cart.id, productId, 1);

    await api().request(`/products/${gone}`, { method: 'DELETE', headers: api().admin });
    const etag = (await api().request(`/products/${archived}`)).headers.get('etag') as string;
    await api().request(`/products/${archived}`, {
      method: 'PATCH',
      headers: { ...api().admin, 'content-type': 'application/merge-patch+json', 'if-match': etag },
      body: JSON.stringify({ status: 'archived' }),
    });

    const read = await json(await api().request(`/carts/${cart.id}`, { headers: alice }));
    const byId = new Map(read.items.map((line: { productId: string }) => [line.productId, line]));
    expect(byId.get(gone)).toEqual({
      productId: gone,
      sku: null,
      name: null,
      quantity: 1,
      unitPrice: null,
      lineTotal: null,
      available: false,
    });
    expect(byId.get(archived)).toMatchObject({ available: false, unitPrice: null });
    expect(byId.get(kept)).toMatchObject({ available: true });
    expect(read.totals).toEqual([{ amount: 500, currency: 'EUR' }]);

    // The unavailable line can still be removed.
    expect((await putItem(alice, cart.id, gone, 0)).status).toBe(200);
  });

  it('refuses unknown or inactive products with a 422 on productId, and bad quantities with a 400', async () => {
    const alice = await api().customer('alice');
    const draft = await api().stockedProduct(5, { status: 'draft' });
    const cart = await newCart(alice);
    for (const productId of ['no-such-product', draft]) {
      const response = await putItem(alice, cart.id, productId, 1);
      expect(response.status).toBe(422);
      expect((await json(response)).errors[0].path).toBe('productId');
    }
    for (const quantity of [-1, 1.5, 1001, '2']) {
      const response = await putItem(alice, cart.id, draft, quantity);
      expect(response.status).toBe(400);
      expect((await json(response)).errors[0].path).toBe('quantity');
    }
  });

  it('answers 404 to anyone but the owner, admins included, and changes nothing', async () => {
    const alice = await api().customer('alice');
    const bob = await api().customer('bob');
    const mug = await api().stockedProduct(5);
    const cart = await newCart(alice);
    await putItem(alice, cart.id, mug, 1);

    for (const intruder of [bob, api().admin]) {
      const read = await api().request(`/carts/${cart.id}`, { headers: intruder });
      expect(read.status).toBe(404);
      expect(read.headers.get('content-type')).toBe('application/problem+json');
      expect((await putItem(intruder, cart.id, mug, 7)).status).toBe(404);
    }
    expect((await api().request('/carts/no-such-cart', { headers: alice })).status).toBe(404);
    const own = await json(await api().request(`/carts/${cart.id}`, { headers: alice }));
    expect(own.items.map((line: { quantity: number }) => line.quantity)).toEqual([1]);
  });

  it('makes a guest cart without a token; a token needs a customer or admin role', async () => {
    const guest = await api().request('/carts', { method: 'POST' });
    expect(guest.status).toBe(201);
    expect(await guest.json()).toMatchObject({ customerId: null, items: [] });
    const roleless = { authorization: `Bearer ${await api().token([], 'nobody')}` };
    expect((await api().request('/carts', { method: 'POST', headers: roleless })).status).toBe(403);
    expect((await api().request('/carts', { method: 'POST', headers: api().admin })).status).toBe(201);
  });

  it(`holds at most ${MAX_CART_LINES} lines (409 on the next one)`, async () => {
    const alice = await api().customer('alice');
    const products = await Promise.all(
      Array.from({ length: MAX_CART_LINES + 1 }, () =>
        api().catalog.createProduct({
          sku: `LINE-${Math.random().toString(36).slice(2, 12)}`,
          name: 'Line',
          price: { amount: 100, currency: 'EUR' },
          categoryId: 'shop',
          status: 'active',
          attributes: {},
          taxClass: 'standard',
        }),
      ),
    );
    const cart = await newCart(alice);
    for (const product of products.slice(0, MAX_CART_LINES)) {
      expect((await putItem(alice, cart.id, product.id, 1)).status).toBe(200);
    }
    const overflow = await putItem(alice, cart.id, products[MAX_CART_LINES]?.id as string, 1);
    expect(overflow.status).toBe(409);
    const read = await json(await api().request(`/carts/${cart.id}`, { headers: alice }));
    expect(read.items).toHaveLength(MAX_CART_LINES);
    expect(read.totals).toEqual([{ amount: 100 * MAX_CART_LINES, currency: 'EUR' }]);
  });
});

describe('the OpenAPI document with ordering', () => {
  const api = useOrderingApi();

  it('describes the ordering routes, with the Idempotency-Key required on POST /orders', async () => {
    const response = await api().request('/openapi.json');
    expect(response.status).toBe(200);
    const document = await json(response);
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/carts',
        '/carts/{id}',
        '/carts/{id}/items/{productId}',
        '/orders',
        '/orders/{id}',
        '/orders/{id}/cancel',
        '/orders/{id}/status',
        '/inventory/{productId}',
        '/inventory/{productId}/adjustments',
        '/reports/sales',
      ]),
    );
    const key = document.paths['/orders'].post.parameters.find(
      (p: { name: string; in: string }) => p.in === 'header' && p.name === 'idempotency-key',
    );
    expect(key.required).toBe(true);
    expect(Object.keys(document.paths['/orders'].post.responses)).toEqual(
      expect.arrayContaining(['201', '400', '409', '422', '503']),
    );
    expect(document.components.schemas).toHaveProperty('Cart');
    expect(document.components.schemas).toHaveProperty('InsufficientStockProblem');
  });
});
