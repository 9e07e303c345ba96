import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type {
  Placement,
  PlacementClaim,
  PlacementOutcome,
  PlacementResult,
} from '../../app/ports/order-store.js';
import type { Order } from '../../domain/ordering/order.js';
import { idempotencyKeyInProgressError } from '../../domain/shared/idempotency-key.js';
import { lockDiscountCode, readCheckoutSettings } from './checkout-settings-read.js';
import { sqlState } from './errors.js';
import { eventSnapshot } from './order-events.js';
import { withTransaction } from './transaction.js';

/**
 * Places an order in ONE transaction, so the idempotency key, the stock, the discount redemption and the
 * order commit together or not at all:
 * 1. claim the key (a concurrent duplicate blocks on the primary key until this commits, then replays);
 * 2. read the checkout settings (tax rates, shipping method, discount code) and build the order from them:
 *    a code that is used up, a method that does not ship there, ... throw their 422 and roll back;
 * 3. read the stock without locks: a line already short is answered at once (no queue behind the lock
 *    holders of a sold-out product); else lock the stock rows of every line in product-id order (two
 *    orders for A+B and B+A queue up instead of deadlocking) and compare with the quantities again;
 * 4. short anywhere: store that outcome and commit, reserving nothing; otherwise lock the discount code's
 *    row (always after the stock rows, as cancellations do too) and build the order again with the count
 *    of redemptions under that lock, then reserve every line, insert the order and its lines, redeem the
 *    code, write the order.placed event into the outbox and store the placed outcome, in one statement.
 * Read committed suffices: the row locks serialise everything that touches the same stock or code, and
 * the CHECKs (available >= 0, redemptions <= max_redemptions) would reject an oversell even if this logic
 * were wrong.
 */
export function placeOrder(
  pool: pg.Pool,
  placement: Placement,
  claim: PlacementClaim,
): Promise<PlacementResult> {
  return withTransaction(pool, async (client) => {
    const earlier = await claimKey(client, placement.requester, claim);
    if (earlier !== undefined) return earlier;

    const settings = await readCheckoutSettings(client, placement.settings);
    let order = placement.build(settings);
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
        [placement.requester, claim.key, JSON.stringify(outcome)],
      );
      return outcome;
    }
    const code = placement.settings.discountCode;
    if (code !== undefined) {
      // Priced again with the code as it is under the lock (deleted meanwhile: absent, a 422).
      const { discount: _unlocked, ...others } = settings;
      const locked = await lockDiscountCode(client, code);
      order = placement.build(locked === undefined ? others : { ...others, discount: locked });
    }
    const outcome: PlacementOutcome = {
      kind: 'placed',
      order,
      ...(placement.accessToken === undefined ? {} : { accessToken: placement.accessToken }),
    };
    await reserveAndInsert(client, placement.requester, order, claim, outcome);
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
  requester: string,
  claim: PlacementClaim,
): Promise<PlacementResult | undefined> {
  try {
    const { rowCount } = await client.query(
      `INSERT INTO order_requests (customer_id, idempotency_key, fingerprint) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING`,
      [requester, claim.key, claim.fingerprint],
    );
    if (rowCount === 1) return undefined;
  } catch (error) {
    // lock_timeout: the first request with this key is still running after the wait we allow.
    if (sqlState(error) === '55P03') throw idempotencyKeyInProgressError();
    throw error;
  }
  const { rows } = await client.query<{ fingerprint: string; outcome: PlacementOutcome | null }>(
    'SELECT fingerprint, outcome FROM order_requests WHERE customer_id = $1 AND idempotency_key = $2',
    [requester, claim.key],
  );
  const earlier = rows[0];
  if (earlier === undefined || earlier.outcome === null) throw idempotencyKeyInProgressError();
  if (earlier.fingerprint !== claim.fingerprint) return { kind: 'key_reused' };
  return { kind: 'replayed', outcome: earlier.outcome };
}

async function reserveAndInsert(
  client: pg.PoolClient,
  requester: string,
  order: Order,
  claim: PlacementClaim,
  outcome: PlacementOutcome,
): Promise<void> {
  const { items } = order;
  const values = new SqlValues();
  const productIds = values.add(
    items.map((line) => line.productId),
    'text[]',
  );
  const quantities = values.add(
    items.map((line) => line.quantity),
    'int[]',
  );
  const orderId = values.add(order.id);
  // The stock rows are already locked by this transaction, so the UPDATE takes no new locks; the data-
  // modifying CTEs all run, whatever the final statement reads.
  const { rows } = await client.query<{ reserved: string }>(
    `WITH reserved AS (
       UPDATE inventory AS stock SET available = stock.available - wanted.quantity, updated_at = now()
       FROM unnest(${productIds}, ${quantities}) AS wanted (product_id, quantity)
       WHERE stock.product_id = wanted.product_id
       RETURNING stock.product_id
     ), placed AS (
       INSERT INTO orders (id, customer_id, status, total_amount, currency, created_at, updated_at,
         access_token_hash, email, shipping_address, billing_address, shipping_method_id, shipping_name,
         shipping_amount, shipping_tax_rate, shipping_tax_amount, discount_code, discount_amount,
         subtotal_amount, tax_amount)
       VALUES (${orderId}, ${values.add(order.customerId)}, ${values.add(order.status)},
         ${values.add(order.total.amount)}, ${values.add(order.total.currency)}, ${values.add(order.createdAt)},
         ${values.add(order.updatedAt)}, ${values.add(order.accessTokenHash ?? null)}, ${values.add(order.email)},
         ${values.add(json(order.shippingAddress), 'jsonb')}, ${values.add(json(order.billingAddress), 'jsonb')},
         ${values.add(order.shipping?.methodId ?? null)}, ${values.add(order.shipping?.name ?? null)},
         ${values.add(order.shipping?.amount.amount ?? null)}, ${values.add(order.shipping?.taxRate ?? null)},
         ${values.add(order.shipping?.taxAmount.amount ?? null)}, ${values.add(order.discount?.code ?? null)},
         ${values.add(order.discountTotal.amount)}, ${values.add(order.subtotal.amount)},
         ${values.add(order.taxTotal.amount)})
     ), lines AS (
       INSERT INTO order_lines (order_id, line_no, product_id, sku, name, quantity, unit_amount, currency,
         tax_class, tax_rate, tax_amount, discount_amount)
       SELECT ${orderId}, line.line_no, line.product_id, line.sku, line.name, line.quantity, line.unit_amount,
         line.currency, line.tax_class, line.tax_rate, line.tax_amount, line.discount_amount
       FROM unnest(${productIds}, ${values.add(
         items.map((line) => line.sku),
         'text[]',
       )},
         ${values.add(
           items.map((line) => line.name),
           'text[]',
         )}, ${quantities},
         ${values.add(
           items.map((line) => line.unitPrice.amount),
           'bigint[]',
         )},
         ${values.add(
           items.map((line) => line.unitPrice.currency),
           'text[]',
         )},
         ${values.add(
           items.map((line) => line.taxClass),
           'text[]',
         )},
         ${values.add(
           items.map((line) => line.taxRate),
           'numeric[]',
         )},
         ${values.add(
           items.map((line) => line.taxAmount.amount),
           'bigint[]',
         )},
         ${values.add(
           items.map((line) => line.discountAmount.amount),
           'bigint[]',
         )})
         WITH ORDINALITY AS line (product_id, sku, name, quantity, unit_amount, currency, tax_class, tax_rate,
           tax_amount, discount_amount, line_no)
     ), redeemed AS (
       UPDATE discount_codes SET redemptions = redemptions + 1, updated_at = now()
       WHERE code = ${values.add(order.discount?.code ?? null)}
     ), announced AS (
       INSERT INTO order_events (id, order_id, sequence, type, occurred_at, payload)
       VALUES (${values.add(randomUUID())}, ${orderId}, 1, 'order.placed', ${values.add(order.createdAt)},
         ${values.add(JSON.stringify(eventSnapshot(order)), 'json')})
     )
     UPDATE order_requests SET outcome = ${values.add(JSON.stringify(outcome))}, order_id = ${orderId}
     WHERE customer_id = ${values.add(requester)} AND idempotency_key = ${values.add(claim.key)}
     RETURNING (SELECT count(*) FROM reserved) AS reserved`,
    values.list,
  );
  // Every line's row was locked and checked above; anything else is a bug, and throwing rolls it all back.
  if (Number(rows[0]?.reserved) !== items.length)
    throw new Error('stock reservation did not cover every line');
}

const json = (value: unknown) => (value === null ? null : JSON.stringify(value));

/** Numbered parameters by use, so a statement with twenty of them reads by name instead of by $14. */
class SqlValues {
  readonly list: unknown[] = [];
  add(value: unknown, type?: string): string {
    this.list.push(value);
    return type === undefined ? `$${this.list.length}` : `$${this.list.length}::${type}`;
  }
}
