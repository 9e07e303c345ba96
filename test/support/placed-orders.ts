import type pg from 'pg';
import { createPostgresInventoryStore } from '../../src/adapters/postgres/inventory-store.js';
import { createPostgresOrderEventOutbox } from '../../src/adapters/postgres/order-event-outbox.js';
import type { Order } from '../../src/domain/ordering/order.js';
import type { OrderEvent } from '../../src/domain/ordering/order-event.js';
import { newId } from '../../src/domain/shared/ids.js';
import { draft, draftOrderStore, keyFor } from '../contract/order-store-fixtures.js';

/**
 * Places an order on PostgreSQL for a customer of its own (email `<customer>@example.com`): 2 × one new
 * product at 14.50 EUR with standard shipping. Its order.placed event is then in the outbox.
 */
export async function placeOrder(pool: pg.Pool, changes: Partial<Order> = {}): Promise<Order> {
  const productId = newId();
  await createPostgresInventoryStore(pool).set(productId, 10);
  const order = {
    ...draft(newId(), [{ productId, quantity: 2, unitAmount: 1450 }], { shipping: 490 }),
    ...changes,
  };
  const result = await draftOrderStore(pool).place(order, keyFor(order));
  if (result.kind !== 'placed') throw new Error(`the order was not placed: ${result.kind}`);
  return order;
}

/** The order's events as the bus carries them: read from the outbox, oldest first. */
export async function eventsOf(pool: pg.Pool, orderId: string): Promise<OrderEvent[]> {
  const page = await createPostgresOrderEventOutbox(pool).list({ limit: 100 });
  return page.items.filter((event) => event.orderId === orderId);
}
