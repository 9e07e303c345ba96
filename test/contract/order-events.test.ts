import { describe, expect, it } from 'vitest';
import { createPostgresInventoryStore } from '../../src/adapters/postgres/inventory-store.js';
import { newId } from '../../src/domain/shared/ids.js';
import { useTestDatabase } from '../support/postgres.js';
import { draft, draftOrderStore, keyFor } from './order-store-fixtures.js';

/** The outbox: every order change writes its event in the change's own transaction. */
describe('order events in the outbox (PostgreSQL)', () => {
  const database = useTestDatabase();
  const events = async (orderId: string) =>
    (
      await database().pool.query<{ sequence: number; type: string; payload: { status: string } }>(
        'SELECT sequence, type, payload FROM order_events WHERE order_id = $1 ORDER BY sequence',
        [orderId],
      )
    ).rows.map((row) => [row.sequence, row.type, row.payload.status]);

  it('records placed, paid, shipped and delivered in order, each with the order as it became', async () => {
    const orders = draftOrderStore(database().pool);
    const productId = newId();
    await createPostgresInventoryStore(database().pool).set(productId, 5);
    const order = draft(newId(), [{ productId, quantity: 1 }]);
    expect((await orders.place(order, keyFor(order))).kind).toBe('placed');
    await orders.transition(order.id, ['placed'], 'paid', new Date());
    await orders.transition(order.id, ['paid'], 'shipped', new Date());
    await orders.transition(order.id, ['shipped'], 'delivered', new Date());
    expect(await events(order.id)).toEqual([
      [1, 'order.placed', 'placed'],
      [2, 'order.paid', 'paid'],
      [3, 'order.shipped', 'shipped'],
      [4, 'order.delivered', 'delivered'],
    ]);
  });

  it('writes nothing for a change that did not happen: concurrent cancels give one order.cancelled', async () => {
    const orders = draftOrderStore(database().pool);
    const productId = newId();
    await createPostgresInventoryStore(database().pool).set(productId, 5);
    const order = draft(newId(), [{ productId, quantity: 1 }]);
    await orders.place(order, keyFor(order));
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, () => orders.transition(order.id, ['placed'], 'cancelled', new Date())),
    );
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    expect(await events(order.id)).toEqual([
      [1, 'order.placed', 'placed'],
      [2, 'order.cancelled', 'cancelled'],
    ]);
  });

  it('writes no event for an order that is refused (not enough stock) or replayed', async () => {
    const orders = draftOrderStore(database().pool);
    const productId = newId();
    await createPostgresInventoryStore(database().pool).set(productId, 1);
    const short = draft(newId(), [{ productId, quantity: 2 }]);
    expect((await orders.place(short, keyFor(short))).kind).toBe('insufficient_stock');
    const order = draft(newId(), [{ productId, quantity: 1 }]);
    const key = keyFor(order);
    await orders.place(order, key);
    expect((await orders.place({ ...order, id: newId() }, key)).kind).toBe('replayed');
    const { rows } = await database().pool.query(
      'SELECT order_id FROM order_events WHERE order_id = ANY($1::text[])',
      [[short.id, order.id]],
    );
    expect(rows).toEqual([{ order_id: order.id }]);
  });
});
