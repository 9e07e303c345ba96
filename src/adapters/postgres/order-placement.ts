import type pg from 'pg';
import type { PlacementClaim, PlacementOutcome, PlacementResult } from '../../app/ports/order-store.js';
import type { Order } from '../../domain/ordering/order.js';
import { idempotencyKeyInProgressError } from '../../domain/shared/idempotency-key.js';
import { sqlState } from './errors.js';
import { withTransaction } from './transaction.js';

/**
 * Places an order in ONE transaction, so the idempotency key, the stock and the order commit together or
 * not at all:
 * 1. claim the key (a concurrent duplicate blocks on the primary key until this commits, then replays);
 * 2. read the stock without locks: a line already short is answered at once (no queue behind the lock
 *    holders of a sold-out product); else lock the stock rows of every line in product-id order (two
 *    orders for A+B and B+A queue up instead of deadlocking) and compare with the quantities again;
 * 3. short anywhere: store that outcome and commit, reserving nothing; otherwise reserve every line, insert
 *    the order and its lines, and store the placed outcome, in one statement.
 * Read committed suffices: the row locks serialise everything that touches the same stock, and the
 * CHECK (available >= 0) would reject an oversell even if this logic were wrong.
 */
export function placeOrder(pool: pg.Pool, order: Order, claim: PlacementClaim): Promise<PlacementResult> {
  return withTransaction(pool, async (client) => {
    const earlier = await claimKey(client, order.customerId, claim);
    if (earlier !== undefined) return earlier;

    // Sold out already? A plain read says so without queueing for the row locks, so a stampede on a
    // sold-out product fails fast instead of waiting its turn (stock that is short now stays an honest
    // answer: the order was judged against committed stock). Otherwise lock and judge again.
    const short =
      shortLines(order, await readStock(client, order, '')) ??
      shortLines(order, await readStock(client, order, 'ORDER BY product_id FOR UPDATE'));
    if (short !== undefined) {
      const outcome: PlacementOutcome = {
        kind: 'insufficient_stock',
        products: short,
        ...(claim.requestId === undefined ? {} : { requestId: claim.requestId }),
      };
      await client.query(
        'UPDATE order_requests SET outcome = $3 WHERE customer_id = $1 AND idempotency_key = $2',
        [order.customerId, claim.key, JSON.stringify(outcome)],
      );
      return outcome;
    }
    const outcome: PlacementOutcome = { kind: 'placed', order };
    await reserveAndInsert(client, order, claim, outcome);
    return outcome;
  });
}

async function readStock(client: pg.PoolClient, order: Order, lock: string): Promise<Map<string, number>> {
  const { rows } = await client.query<{ product_id: string; available: number }>(
    `SELECT product_id, available FROM inventory WHERE product_id = ANY($1::text[]) ${lock}`,
    [order.items.map((line) => line.productId)],
  );
  return new Map(rows.map((row) => [row.product_id, row.available]));
}

/** The lines the stock cannot cover (a product without a stock row has none), or undefined if none. */
function shortLines(order: Order, available: Map<string, number>) {
  const short = order.items
    .map((line) => ({
      productId: line.productId,
      requested: line.quantity,
      available: available.get(line.productId) ?? 0,
    }))
    .filter((line) => line.available < line.requested);
  return short.length > 0 ? short : undefined;
}

/** undefined when the key is new (and now ours until commit); else what the earlier request produced. */
async function claimKey(
  client: pg.PoolClient,
  customerId: string,
  claim: PlacementClaim,
): Promise<PlacementResult | undefined> {
  try {
    const { rowCount } = await client.query(
      `INSERT INTO order_requests (customer_id, idempotency_key, fingerprint) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING`,
      [customerId, claim.key, claim.fingerprint],
    );
    if (rowCount === 1) return undefined;
  } catch (error) {
    // lock_timeout: the first request with this key is still running after the wait we allow.
    if (sqlState(error) === '55P03') throw idempotencyKeyInProgressError();
    throw error;
  }
  const { rows } = await client.query<{ fingerprint: string; outcome: PlacementOutcome | null }>(
    'SELECT fingerprint, outcome FROM order_requests WHERE customer_id = $1 AND idempotency_key = $2',
    [customerId, claim.key],
  );
  const earlier = rows[0];
  if (earlier === undefined || earlier.outcome === null) throw idempotencyKeyInProgressError();
  if (earlier.fingerprint !== claim.fingerprint) return { kind: 'key_reused' };
  return { kind: 'replayed', outcome: earlier.outcome };
}

async function reserveAndInsert(
  client: pg.PoolClient,
  order: Order,
  claim: PlacementClaim,
  outcome: PlacementOutcome,
): Promise<void> {
  const { items } = order;
  // The stock rows are already locked by this transaction, so the UPDATE takes no new locks; the data-
  // modifying CTEs all run, whatever the final statement reads.
  const { rows } = await client.query<{ reserved: string }>(
    `WITH reserved AS (
       UPDATE inventory AS stock SET available = stock.available - wanted.quantity, updated_at = now()
       FROM unnest($1::text[], $2::int[]) AS wanted (product_id, quantity)
       WHERE stock.product_id = wanted.product_id
       RETURNING stock.product_id
     ), placed AS (
       INSERT INTO orders (id, customer_id, status, total_amount, currency, created_at, updated_at)
       VALUES ($3, $4, $5, $6, $7, $8, $9)
     ), lines AS (
       INSERT INTO order_lines (order_id, line_no, product_id, sku, name, quantity, unit_amount, currency)
       SELECT $3, line.line_no, line.product_id, line.sku, line.name, line.quantity, line.unit_amount, line.currency
       FROM unnest($1::text[], $10::text[], $11::text[], $2::int[], $12::bigint[], $13::text[])
         WITH ORDINALITY AS line (product_id, sku, name, quantity, unit_amount, currency, line_no)
     )
     UPDATE order_requests SET outcome = $14, order_id = $3 WHERE customer_id = $4 AND idempotency_key = $15
     RETURNING (SELECT count(*) FROM reserved) AS reserved`,
    [
      items.map((line) => line.productId),
      items.map((line) => line.quantity),
      order.id,
      order.customerId,
      order.status,
      order.total.amount,
      order.total.currency,
      order.createdAt,
      order.updatedAt,
      items.map((line) => line.sku),
      items.map((line) => line.name),
      items.map((line) => line.unitPrice.amount),
      items.map((line) => line.unitPrice.currency),
      JSON.stringify(outcome),
      claim.key,
    ],
  );
  // Every line's row was locked and checked above; anything else is a bug, and throwing rolls it all back.
  if (Number(rows[0]?.reserved) !== items.length)
    throw new Error('stock reservation did not cover every line');
}
