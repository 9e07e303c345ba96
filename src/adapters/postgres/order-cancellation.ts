import type pg from 'pg';

type Queryable = Pick<pg.PoolClient, 'query'>;

/**
 * What a cancellation gives back, in the transaction that set the order `cancelled` (which holds its row
 * lock): the lines' stock in product-id order, the order placements lock in (no deadlock with them), then
 * the discount redemption, after the stock rows as placements lock them too (a deleted code gets nothing).
 * Then a payment that succeeded is marked for a full refund (see markRefundDue). Every caller runs this
 * only when its UPDATE moved the order into `cancelled`, so each comes back once.
 */
export async function releaseCancelledOrder(client: Queryable, orderId: string, at: Date): Promise<void> {
  await client.query(
    `INSERT INTO inventory AS stock (product_id, available)
     SELECT product_id, sum(quantity) FROM order_lines WHERE order_id = $1
     GROUP BY product_id ORDER BY product_id
     ON CONFLICT (product_id) DO UPDATE SET available = stock.available + EXCLUDED.available, updated_at = now()`,
    [orderId],
  );
  await client.query(
    `UPDATE discount_codes SET redemptions = redemptions - 1, updated_at = now()
     WHERE code = (SELECT discount_code FROM orders WHERE id = $1) AND redemptions > 0`,
    [orderId],
  );
  await markRefundDue(client, orderId, at);
}

/**
 * A cancelled order whose payment succeeded owes the customer that amount: `refund_status` becomes
 * `pending` with the payment's amount, in the transaction of the change that made it so (the cancellation,
 * or a payment that succeeded after the order expired). Asking the provider comes after the commit; the
 * cancel-unpaid-orders job retries what is still pending without a provider refund. Returns whether a
 * refund became due now (never twice: only while the order has no refund yet).
 */
export async function markRefundDue(client: Queryable, orderId: string, at: Date): Promise<boolean> {
  const { rowCount } = await client.query(
    `UPDATE orders o SET refund_status = 'pending', refund_amount = p.amount, updated_at = $2
     FROM payments p
     WHERE o.id = $1 AND p.order_id = o.id AND p.status = 'succeeded' AND o.status = 'cancelled'
       AND o.refund_status IS NULL`,
    [orderId, at],
  );
  return (rowCount ?? 0) > 0;
}
