import { describe, expect, it } from 'vitest';
import { useOrderingApi } from '../support/ordering-api.js';
import { json } from '../support/test-api.js';

/** Real concurrent clients over a real socket, against real PostgreSQL row locks. */
describe('order placement under concurrency', () => {
  const api = useOrderingApi();

  it('sells exactly the stock: 200 customers at once for 10 units → 10 × 201, 190 × 409, stock 0', async () => {
    const hot = await api().stockedProduct(10);
    const { url } = await api().listen();
    const customers = await Promise.all(Array.from({ length: 200 }, (_, i) => api().customer(`rush-${i}`)));

    const responses = await Promise.all(
      customers.map((auth) =>
        api().placeOrder(auth, { items: [{ productId: hot, quantity: 1 }] }, undefined, { url }),
      ),
    );
    const count = (status: number) => responses.filter((r) => r.status === status).length;
    // Anything else would be a 503 (a bounded wait gave up) or worse: show what it said.
    const others = responses.filter((r) => r.status !== 201 && r.status !== 409);
    const samples = await Promise.all(others.slice(0, 3).map(async (r) => `${r.status} ${await r.text()}`));
    expect({ created: count(201), conflict: count(409), others: samples }).toEqual({
      created: 10,
      conflict: 190,
      others: [],
    });
    for (const response of responses.filter((r) => r.status === 409)) {
      expect((await json(response)).products).toEqual([{ productId: hot, requested: 1, available: 0 }]);
    }
    expect(await api().available(hot)).toBe(0);
    const sold = await json(await api().request('/orders?limit=100', { headers: api().admin }));
    expect(
      sold.items.filter((o: { items: { productId: string }[] }) => o.items[0]?.productId === hot),
    ).toHaveLength(10);
  });

  it('never lets a deadlock reach a client: A+B and B+A placed concurrently, round after round', async () => {
    const a = await api().stockedProduct(10_000);
    const b = await api().stockedProduct(10_000);
    const { url } = await api().listen();
    const first = await api().customer('ab-first');
    const second = await api().customer('ab-second');
    const rounds = 40;
    const statuses: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const responses = await Promise.all([
        api().placeOrder(
          first,
          {
            items: [
              { productId: a, quantity: 1 },
              { productId: b, quantity: 1 },
            ],
          },
          undefined,
          { url },
        ),
        api().placeOrder(
          second,
          {
            items: [
              { productId: b, quantity: 1 },
              { productId: a, quantity: 1 },
            ],
          },
          undefined,
          { url },
        ),
        api().placeOrder(
          first,
          {
            items: [
              { productId: b, quantity: 2 },
              { productId: a, quantity: 2 },
            ],
          },
          undefined,
          { url },
        ),
        api().placeOrder(
          second,
          {
            items: [
              { productId: a, quantity: 2 },
              { productId: b, quantity: 2 },
            ],
          },
          undefined,
          { url },
        ),
      ]);
      statuses.push(...responses.map((r) => r.status));
    }
    expect(statuses.filter((status) => status !== 201)).toEqual([]);
    // Each round took 1 + 1 + 2 + 2 units of each product.
    expect(await api().available(a)).toBe(10_000 - 6 * rounds);
    expect(await api().available(b)).toBe(10_000 - 6 * rounds);
  });

  it('keeps cancellations and placements consistent when they race', async () => {
    const mug = await api().stockedProduct(20);
    const { url } = await api().listen();
    const alice = await api().customer('racer');
    const orders = await Promise.all(
      Array.from({ length: 10 }, async () =>
        json(await api().placeOrder(alice, { items: [{ productId: mug, quantity: 2 }] }, undefined, { url })),
      ),
    );
    expect(await api().available(mug)).toBe(0);
    // Every order cancelled twice at once while ten more customers try to buy what is being released.
    const cancels = orders.flatMap((order) =>
      [1, 2].map(() => fetch(`${url}/orders/${order.id}/cancel`, { method: 'POST', headers: alice })),
    );
    const buyers = Array.from({ length: 10 }, async (_, i) =>
      api().placeOrder(
        await api().customer(`late-${i}`),
        { items: [{ productId: mug, quantity: 1 }] },
        undefined,
        {
          url,
        },
      ),
    );
    const cancelStatuses = (await Promise.all(cancels)).map((r) => r.status);
    const buyerStatuses = (await Promise.all(buyers)).map((r) => r.status);
    expect(cancelStatuses.filter((s) => s === 200)).toHaveLength(10);
    expect(cancelStatuses.filter((s) => s === 409)).toHaveLength(10);
    expect(buyerStatuses.every((s) => s === 201 || s === 409)).toBe(true);
    const bought = buyerStatuses.filter((s) => s === 201).length;
    expect(await api().available(mug)).toBe(20 - bought);
  });
});
