import type pg from 'pg';
import type { Payment, PaymentProviderName, PaymentStatus } from '../../app/payments/payment.js';
import type { ProviderEvent, ProviderRefund } from '../../app/ports/payment-provider.js';
import type { EventOutcome, PaymentStore, RefundDue } from '../../app/ports/payment-store.js';
import type { Order, OrderStatus, RefundStatus } from '../../domain/ordering/order.js';
import type { OrderEventType } from '../../domain/ordering/order-event.js';
import { translatingErrors } from './errors.js';
import { markRefundDue } from './order-cancellation.js';
import { appendOrderEvent } from './order-events.js';
import { type OrderRow, SELECT_ORDERS, toOrder } from './order-rows.js';
import { withTransaction } from './transaction.js';

type Queryable = Pick<pg.PoolClient, 'query'>;

interface PaymentRow {
  id: string;
  order_id: string;
  provider: PaymentProviderName;
  status: PaymentStatus;
  amount: string;
  currency: string;
  client_secret: string | null;
  created_at: Date;
  updated_at: Date;
}

const PAYMENT_COLUMNS =
  'id, order_id, provider, status, amount, currency, client_secret, created_at, updated_at';

function toPayment(row: PaymentRow): Payment {
  return {
    id: row.id,
    orderId: row.order_id,
    provider: row.provider,
    status: row.status,
    amount: { amount: Number(row.amount), currency: row.currency },
    ...(row.client_secret === null ? {} : { clientSecret: row.client_secret }),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

interface RefundDueRow {
  order_id: string;
  payment_id: string;
  provider: PaymentProviderName;
  amount: string;
  currency: string;
}

// Pending without a provider refund: the partial index orders_refund_pending serves it.
const SELECT_REFUNDS_DUE = `
  SELECT o.id AS order_id, p.id AS payment_id, p.provider, o.refund_amount AS amount, p.currency
  FROM orders o JOIN payments p ON p.order_id = o.id
  WHERE o.refund_status = 'pending' AND o.refund_id IS NULL`;

const toRefundDue = (row: RefundDueRow): RefundDue => ({
  orderId: row.order_id,
  paymentId: row.payment_id,
  provider: row.provider,
  amount: { amount: Number(row.amount), currency: row.currency },
});

/** Payments and provider events in PostgreSQL, each event applied in one transaction with its id. */
export function createPostgresPaymentStore(pool: pg.Pool): PaymentStore {
  const one = async (where: string, value: string) => {
    const { rows } = await pool.query<PaymentRow>(`SELECT ${PAYMENT_COLUMNS} FROM payments WHERE ${where}`, [
      value,
    ]);
    return rows[0] === undefined ? undefined : toPayment(rows[0]);
  };

  return {
    byOrder: (orderId) => translatingErrors(() => one('order_id = $1', orderId)),
    byId: (paymentId) => translatingErrors(() => one('id = $1', paymentId)),

    insert: (payment, at) =>
      translatingErrors(async () => {
        // Only for a placed order; a concurrent insert for the same order waits on the unique order_id and
        // then does nothing: the caller gets the first one's payment.
        const { rows } = await pool.query<PaymentRow>(
          `INSERT INTO payments (id, order_id, provider, status, amount, currency, client_secret, created_at, updated_at)
           SELECT $1, $2, $3, $4, $5, $6, $7, $8, $8 WHERE EXISTS (SELECT 1 FROM orders WHERE id = $2 AND status = 'placed')
           ON CONFLICT (order_id) DO NOTHING
           RETURNING ${PAYMENT_COLUMNS}`,
          [
            payment.id,
            payment.orderId,
            payment.provider,
            payment.status,
            payment.amount.amount,
            payment.amount.currency,
            payment.clientSecret ?? null,
            at,
          ],
        );
        if (rows[0] !== undefined) return { payment: toPayment(rows[0]), created: true };
        const existing = await one('order_id = $1', payment.orderId);
        return existing === undefined ? undefined : { payment: existing, created: false };
      }),

    applyEvent: (provider, event, at) =>
      translatingErrors(() => withTransaction(pool, (client) => applyEvent(client, provider, event, at))),

    refundDue: (orderId) =>
      translatingErrors(async () => {
        const { rows } = await pool.query<RefundDueRow>(`${SELECT_REFUNDS_DUE} AND o.id = $1`, [orderId]);
        return rows[0] === undefined ? undefined : toRefundDue(rows[0]);
      }),

    refundsDue: (limit) =>
      translatingErrors(async () => {
        const { rows } = await pool.query<RefundDueRow>(
          `${SELECT_REFUNDS_DUE} ORDER BY o.updated_at, o.id LIMIT $1`,
          [limit],
        );
        return rows.map(toRefundDue);
      }),

    recordRefund: (orderId, refund, at) =>
      translatingErrors(() => withTransaction(pool, (client) => recordRefund(client, orderId, refund, at))),

    placedBefore: (cutoff, limit) =>
      translatingErrors(async () => {
        const { rows } = await pool.query<{ id: string }>(
          `SELECT id FROM orders WHERE status = 'placed' AND created_at < $1 ORDER BY created_at, id LIMIT $2`,
          [cutoff, limit],
        );
        return rows.map((row) => row.id);
      }),
  };
}

async function readOrder(client: Queryable, id: string): Promise<Order> {
  const { rows } = await client.query<OrderRow>(`${SELECT_ORDERS} WHERE o.id = $1`, [id]);
  if (rows[0] === undefined) throw new Error(`order ${id} vanished inside its own transaction`);
  return toOrder(rows[0]);
}

async function applyEvent(
  client: pg.PoolClient,
  provider: PaymentProviderName,
  event: ProviderEvent,
  at: Date,
): Promise<EventOutcome> {
  // The event's id first: a second delivery, even a concurrent one (it waits here for the first to
  // commit), finds it and changes nothing. Rolled back with everything else should applying fail.
  const recorded = await client.query(
    'INSERT INTO provider_events (provider, event_id, type) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
    [provider, event.id, event.type],
  );
  if (recorded.rowCount === 0) return { kind: 'replayed' };
  if (event.kind === 'ignored') return { kind: 'ignored' };

  // The order's row lock before anything of its own changes, as every order change takes it.
  const found = await client.query<{ id: string; status: OrderStatus }>(
    `SELECT id, status FROM orders
     WHERE id = COALESCE((SELECT order_id FROM payments WHERE id = $1), $2) FOR UPDATE`,
    [event.paymentId, event.kind === 'refund_succeeded' ? null : (event.orderId ?? null)],
  );
  const order = found.rows[0];
  if (order === undefined) return { kind: 'unknown' };
  const payment = await lockPayment(client, order.id, event, provider, at);
  if (payment === undefined || payment.id !== event.paymentId) return { kind: 'unknown' };

  let type: OrderEventType | undefined;
  let refundDue = false;
  if (event.kind === 'payment_succeeded') {
    await setPaymentStatus(client, payment.id, 'succeeded', at);
    if (order.status === 'placed') {
      await client.query("UPDATE orders SET status = 'paid', updated_at = $2 WHERE id = $1", [order.id, at]);
      type = 'order.paid';
    } else {
      // Paid for after it expired or was cancelled: the money goes back.
      refundDue = await markRefundDue(client, order.id, at);
    }
  } else if (event.kind === 'payment_failed') {
    // A late failure never undoes a success (the provider may deliver events out of order).
    const failed = payment.status !== 'succeeded';
    if (failed) await setPaymentStatus(client, payment.id, 'failed', at);
    if (failed && order.status === 'placed') type = 'order.payment_failed';
  } else {
    const { rowCount } = await client.query(
      `UPDATE orders SET refund_status = 'succeeded', refund_amount = $2, updated_at = $3
       WHERE id = $1 AND refund_status IS DISTINCT FROM 'succeeded'`,
      [order.id, event.amount.amount, at],
    );
    if (rowCount !== 0) type = 'order.refunded';
  }
  const changed = await readOrder(client, order.id);
  if (type !== undefined) await appendOrderEvent(client, type, changed, at);
  const { rows } = await client.query<PaymentRow>(`SELECT ${PAYMENT_COLUMNS} FROM payments WHERE id = $1`, [
    payment.id,
  ]);
  return { kind: 'applied', payment: toPayment(rows[0] as PaymentRow), order: changed, refundDue };
}

/**
 * The order's payment, locked; for a payment event that arrived before its payment was recorded (the
 * request that created it has not committed, or failed after the provider answered), recorded now from
 * what the provider sent.
 */
async function lockPayment(
  client: Queryable,
  orderId: string,
  event: Extract<ProviderEvent, { paymentId: string }>,
  provider: PaymentProviderName,
  at: Date,
): Promise<Payment | undefined> {
  const amount = event.kind === 'refund_succeeded' ? undefined : event.amount;
  if (amount !== undefined) {
    await client.query(
      `INSERT INTO payments (id, order_id, provider, status, amount, currency, created_at, updated_at)
       VALUES ($1, $2, $3, 'requires_payment', $4, $5, $6, $6) ON CONFLICT DO NOTHING`,
      [event.paymentId, orderId, provider, amount.amount, amount.currency, at],
    );
  }
  const { rows } = await client.query<PaymentRow>(
    `SELECT ${PAYMENT_COLUMNS} FROM payments WHERE order_id = $1 FOR UPDATE`,
    [orderId],
  );
  return rows[0] === undefined ? undefined : toPayment(rows[0]);
}

async function setPaymentStatus(client: Queryable, id: string, status: PaymentStatus, at: Date) {
  await client.query('UPDATE payments SET status = $2, updated_at = $3 WHERE id = $1', [id, status, at]);
}

async function recordRefund(
  client: pg.PoolClient,
  orderId: string,
  refund: ProviderRefund,
  at: Date,
): Promise<Order | undefined> {
  const { rows } = await client.query<{ refund_status: RefundStatus | null }>(
    'SELECT refund_status FROM orders WHERE id = $1 FOR UPDATE',
    [orderId],
  );
  if (rows[0] === undefined) return undefined;
  const before = rows[0].refund_status;
  // The provider's event may have confirmed it already: a succeeded refund stays succeeded.
  const status = before === 'succeeded' ? before : refund.status;
  await client.query('UPDATE orders SET refund_id = $2, refund_status = $3, updated_at = $4 WHERE id = $1', [
    orderId,
    refund.id,
    status,
    at,
  ]);
  const order = await readOrder(client, orderId);
  if (before !== 'succeeded' && status === 'succeeded')
    await appendOrderEvent(client, 'order.refunded', order, at);
  return order;
}
