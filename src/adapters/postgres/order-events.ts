import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { Order, OrderStatus } from '../../domain/ordering/order.js';
import type { OrderEvent, OrderEventType } from '../../domain/ordering/order-event.js';

type Queryable = Pick<pg.PoolClient, 'query'>;

/** The event a status change records (a cancellation's refund is recorded by the payment code). */
export const EVENT_OF_STATUS: Partial<Record<OrderStatus, OrderEventType>> = {
  paid: 'order.paid',
  shipped: 'order.shipped',
  delivered: 'order.delivered',
  cancelled: 'order.cancelled',
};

/** The order as an event carries it: everything but the guest token's hash. */
export function eventSnapshot(order: Order): OrderEvent['order'] {
  const { accessTokenHash: _hidden, ...snapshot } = order;
  return snapshot;
}

/**
 * Writes one event of `order` into the outbox, in the caller's transaction, which must hold the order's
 * row lock (a status change has updated the row): the next sequence number of the order is then ours.
 *
 * @example
 *   await withTransaction(pool, async (client) => {
 *     await client.query("UPDATE orders SET status = 'paid' WHERE id = $1", [id]);
 *     await appendOrderEvent(client, 'order.paid', await readOrder(client, id), new Date());
 *   });
 */
export async function appendOrderEvent(
  client: Queryable,
  type: OrderEventType,
  order: Order,
  at: Date,
): Promise<OrderEvent> {
  const id = randomUUID();
  const snapshot = eventSnapshot(order);
  const { rows } = await client.query<{ sequence: number }>(
    `INSERT INTO order_events (id, order_id, sequence, type, occurred_at, payload)
     SELECT $1, $2, COALESCE(max(sequence), 0) + 1, $3, $4, $5 FROM order_events WHERE order_id = $2
     RETURNING sequence`,
    [id, order.id, type, at, JSON.stringify(snapshot)],
  );
  return {
    id,
    type,
    occurredAt: at.toISOString(),
    orderId: order.id,
    sequence: rows[0]?.sequence ?? 1,
    order: snapshot,
  };
}
