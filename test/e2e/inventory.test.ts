import { describe, expect, it } from 'vitest';
import { useOrderingApi } from '../support/ordering-api.js';
import { JSON_HEADERS, json } from '../support/test-api.js';

describe('inventory over HTTP (PostgreSQL)', () => {
  const api = useOrderingApi();

  const put = (productId: string, body: unknown, auth = api().admin) =>
    api().request(`/inventory/${productId}`, {
      method: 'PUT',
      headers: { ...auth, ...JSON_HEADERS },
      body: JSON.stringify(body),
    });
  const adjust = (productId: string, body: unknown, headers: Record<string, string> = {}) =>
    api().request(`/inventory/${productId}/adjustments`, {
      method: 'POST',
      headers: { ...api().admin, ...JSON_HEADERS, ...headers },
      body: JSON.stringify(body),
    });

  it('shows the stock of active products to anyone; a product never stocked has 0', async () => {
    const stocked = await api().stockedProduct(7);
    const response = await api().request(`/inventory/${stocked}`);
    expect(response.status).toBe(200);
    expect(await json(response)).toEqual({ productId: stocked, available: 7 });
    const fresh = await api().catalog.createProduct({
      sku: `FRESH-${Date.now()}`,
      name: 'Fresh',
      price: { amount: 100, currency: 'EUR' },
      categoryId: 'shop',
      status: 'active',
      attributes: {},
      taxClass: 'standard',
    });
    expect(await json(await api().request(`/inventory/${fresh.id}`))).toEqual({
      productId: fresh.id,
      available: 0,
    });
  });

  it('answers 404 for products missing from the catalog, and for drafts unless you are an admin', async () => {
    expect((await api().request('/inventory/no-such-product')).status).toBe(404);
    expect((await put('no-such-product', { available: 3 })).status).toBe(404);
    const draft = await api().stockedProduct(4, { status: 'draft' });
    expect((await api().request(`/inventory/${draft}`)).status).toBe(404);
    expect(
      (await api().request(`/inventory/${draft}`, { headers: await api().customer('alice') })).status,
    ).toBe(404);
    expect(await json(await api().request(`/inventory/${draft}`, { headers: api().admin }))).toEqual({
      productId: draft,
      available: 4,
    });
  });

  it('sets stock (admin only, whole non-negative numbers)', async () => {
    const mug = await api().stockedProduct(1);
    expect(await json(await put(mug, { available: 12 }))).toEqual({ productId: mug, available: 12 });
    expect((await put(mug, { available: 3 }, await api().customer('alice'))).status).toBe(403);
    expect(
      (
        await api().request(`/inventory/${mug}`, {
          method: 'PUT',
          body: '{"available":1}',
          headers: JSON_HEADERS,
        })
      ).status,
    ).toBe(401);
    for (const body of [{ available: -1 }, { available: 1.5 }, {}, { available: 1, extra: true }]) {
      expect((await put(mug, body)).status, JSON.stringify(body)).toBe(400);
    }
    expect(await api().available(mug)).toBe(12);
  });

  it('adjusts by a delta with a reason, and refuses to go below zero with a 409', async () => {
    const mug = await api().stockedProduct(5);
    expect(await json(await adjust(mug, { delta: 3, reason: 'delivery' }))).toEqual({
      productId: mug,
      available: 8,
    });
    expect(await json(await adjust(mug, { delta: -8, reason: 'recount' }))).toEqual({
      productId: mug,
      available: 0,
    });
    const below = await adjust(mug, { delta: -1, reason: 'breakage' });
    expect(below.status).toBe(409);
    expect(below.headers.get('content-type')).toBe('application/problem+json');
    expect(await api().available(mug)).toBe(0);
    for (const body of [{ delta: 0, reason: 'x' }, { delta: 1 }, { delta: 1, reason: '' }]) {
      expect((await adjust(mug, body)).status, JSON.stringify(body)).toBe(400);
    }
  });

  it('counts a retried adjustment once when it carries an Idempotency-Key, per product', async () => {
    const mug = await api().stockedProduct(5);
    const tea = await api().stockedProduct(5);
    const key = { 'idempotency-key': 'delivery-2026-03-01' };
    const first = await adjust(mug, { delta: 10, reason: 'delivery' }, key);
    const retry = await adjust(mug, { delta: 10, reason: 'delivery' }, key);
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await retry.text()).toBe(await first.text());
    expect(await api().available(mug)).toBe(15);
    // The same key on another product is another request, not a replay of the first.
    expect(await json(await adjust(tea, { delta: 10, reason: 'delivery' }, key))).toEqual({
      productId: tea,
      available: 15,
    });
  });
});
