import { describe, expect, it } from 'vitest';
import { useOrderingApi } from '../support/ordering-api.js';
import { json } from '../support/test-api.js';

/** GET /events: the outbox as admins page through it, over HTTP (every answer checked against the document). */
describe('GET /events (PostgreSQL)', () => {
  const api = useOrderingApi();

  it('pages through every order event in outbox order, filters by type, and is for admins only', async () => {
    const alice = await api().customer('alice');
    const mug = await api().stockedProduct(10);
    const placed: string[] = [];
    for (let i = 0; i < 3; i++) {
      const response = await api().placeOrder(alice, { items: [{ productId: mug, quantity: 1 }] });
      expect(response.status).toBe(201);
      placed.push((await json(response)).id);
    }
    const [first, second, third] = placed as [string, string, string];
    expect((await api().request(`/orders/${second}/cancel`, { method: 'POST', headers: alice })).status).toBe(
      200,
    );

    const page = async (query: string) => {
      const response = await api().request(`/events${query}`, { headers: api().admin });
      expect(response.status).toBe(200);
      return json(response) as Promise<{ items: Record<string, unknown>[]; nextCursor: string | null }>;
    };
    const summary = (items: Record<string, unknown>[]) =>
      items.map((event) => [
        event.orderId,
        event.type,
        event.sequence,
        (event.order as { status: string }).status,
      ]);

    const one = await page('?limit=2');
    expect(summary(one.items)).toEqual([
      [first, 'order.placed', 1, 'placed'],
      [second, 'order.placed', 1, 'placed'],
    ]);
    expect(one.nextCursor).toEqual(expect.any(String));
    const two = await page(`?limit=2&after=${encodeURIComponent(one.nextCursor as string)}`);
    expect(summary(two.items)).toEqual([
      [third, 'order.placed', 1, 'placed'],
      [second, 'order.cancelled', 2, 'cancelled'],
    ]);
    expect(two.nextCursor).toBeNull();
    expect(two.items[1]).toEqual({
      id: expect.any(String),
      type: 'order.cancelled',
      occurredAt: expect.any(String),
      orderId: second,
      sequence: 2,
      order: expect.objectContaining({ id: second, customerId: 'alice', status: 'cancelled' }),
    });
    const ids = [...one.items, ...two.items].map((event) => event.id);
    expect(new Set(ids).size).toBe(4);

    const cancelled = await page('?type=order.cancelled');
    expect(summary(cancelled.items)).toEqual([[second, 'order.cancelled', 2, 'cancelled']]);
    expect(cancelled.nextCursor).toBeNull();
    // A position cursor means "after this event" under any filter.
    const placedAfter = await page(
      `?type=order.placed&after=${encodeURIComponent(one.nextCursor as string)}`,
    );
    expect(summary(placedAfter.items)).toEqual([[third, 'order.placed', 1, 'placed']]);

    const asCustomer = await api().request('/events', { headers: alice });
    expect(asCustomer.status).toBe(403);
    const anonymous = await api().request('/events');
    expect(anonymous.status).toBe(401);
  });

  it('refuses a cursor it did not hand out and a type that is none (400, naming the parameter)', async () => {
    const orderCursor = Buffer.from(JSON.stringify({ k: '1:abc', h: 'x' })).toString('base64url');
    for (const [query, path] of [
      [`?after=${orderCursor}`, 'query.after'],
      ['?after=not-a-cursor', 'query.after'],
      ['?type=order.lost', 'query.type'],
    ] as const) {
      const response = await api().request(`/events${query}`, { headers: api().admin });
      expect(response.status).toBe(400);
      expect((await json(response)).errors).toEqual([expect.objectContaining({ path })]);
    }
  });
});
