import type pg from 'pg';
import type { OrderListQuery, OrderStore } from '../../app/ports/order-store.js';
import type { Order, OrderStatus } from '../../domain/ordering/order.js';
import { ConflictError } from '../../domain/shared/errors.js';
import type { Page } from '../../domain/shared/page.js';
import { orderQueryFingerprint, pageFrom } from '../shared/list-cursor.js';
import { createCheckoutSettingsCache } from './checkout-settings-cache.js';
import { readCheckoutSettings } from './checkout-settings-read.js';
import { translatingErrors } from './errors.js';
import { releaseCancelledOrder } from './order-cancellation.js';
import { afterCursor, cursorKey } from './order-cursor.js';
import { appendOrderEvent, EVENT_OF_STATUS } from './order-events.js';
import { placeOrder } from './order-placement.js';
import { type OrderRow, SELECT_ORDERS, toOrder } from './order-rows.js';
import { salesReport } from './sales-report.js';
import { withTransaction } from './transaction.js';

/** Orders in PostgreSQL: see order-placement.ts for the transaction that reserves stock. */
export function createPostgresOrderStore(pool: pg.Pool): OrderStore {
  const settingsCache = createCheckoutSettingsCache(pool);
  return {
    place: (placement, idempotency) =>
      translatingErrors(() => placeOrder(pool, settingsCache, placement, idempotency)),

    // Fresh, not remembered: a quote must show what the shop has set now.
    checkoutSettings: (query) =>
      translatingErrors(async () => (await readCheckoutSettings(pool, query)).settings),

    get: (id) =>
      translatingErrors(async () => {
        const { rows } = await pool.query<OrderRow>(`${SELECT_ORDERS} WHERE o.id = $1`, [id]);
        return rows[0] === undefined ? undefined : toOrder(rows[0]);
      }),

    list: (query) => translatingErrors(() => listOrders(pool, query)),

    transition: (id, from, to, at) =>
      translatingErrors(() => withTransaction(pool, (client) => transition(client, id, from, to, at))),

    salesReport: (range, groupBy) => translatingErrors(() => salesReport(pool, range, groupBy)),
  };
}

/** Newest first by (created_at, id): the matching index serves every page with one range scan. */
async function listOrders(pool: pg.Pool, query: OrderListQuery): Promise<Page<Order>> {
  const fingerprint = orderQueryFingerprint(query);
  const after = afterCursor(query.cursor, fingerprint);
  const conditions: string[] = [];
  const values: unknown[] = [];
  if (query.customerId !== undefined) {
    values.push(query.customerId);
    conditions.push(`o.customer_id = $${values.length}`);
  }
  if (after !== undefined) {
    values.push(after.createdMicros, after.id);
    conditions.push(
      `(o.created_at, o.id) < (timestamptz 'epoch' + $${values.length - 1}::bigint * interval '1 microsecond', $${values.length})`,
    );
  }
  values.push(query.limit + 1);
  const { rows } = await pool.query<OrderRow>(
    `${SELECT_ORDERS} ${conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''}
     ORDER BY o.created_at DESC, o.id DESC LIMIT $${values.length}`,
    values,
  );
  return pageFrom(
    rows.map((row) => ({ key: cursorKey(row), item: toOrder(row) })),
    query.limit,
    fingerprint,
  );
}

async function transition(
  client: pg.PoolClient,
  id: string,
  from: readonly OrderStatus[],
  to: OrderStatus,
  at: Date,
): Promise<Order | undefined> {
  // `status <> $2`: a move to the status it already has is never a transition, so a second cancellation
  // can never release stock a second time, whatever `from` says.
  const { rowCount } = await client.query(
    'UPDATE orders SET status = $2, updated_at = $3 WHERE id = $1 AND status = ANY($4::text[]) AND status <> $2',
    [id, to, at, from],
  );
  if (rowCount === 0) {
    const { rows } = await client.query<{ status: OrderStatus }>('SELECT status FROM orders WHERE id = $1', [
      id,
    ]);
    if (rows[0] === undefined) return undefined;
    throw new ConflictError(`The order is ${rows[0].status}: it cannot become ${to}.`);
  }
  // Stock and redemption back, and a succeeded payment marked for a refund: in this transaction, once.
  if (to === 'cancelled') await releaseCancelledOrder(client, id, at);
  const { rows } = await client.query<OrderRow>(`${SELECT_ORDERS} WHERE o.id = $1`, [id]);
  if (rows[0] === undefined) return undefined;
  const order = toOrder(rows[0]);
  // The change's event, in the change's transaction (the order's row is locked by the UPDATE above).
  const type = EVENT_OF_STATUS[to];
  if (type !== undefined) await appendOrderEvent(client, type, order, at);
  return order;
}
