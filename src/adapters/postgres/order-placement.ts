import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type {
  CheckoutSettings,
  Placement,
  PlacementClaim,
  PlacementOutcome,
  PlacementResult,
} from '../../app/ports/order-store.js';
import type { Order } from '../../domain/ordering/order.js';
import { idempotencyKeyInProgressError } from '../../domain/shared/idempotency-key.js';
import type { CheckoutSettingsCache } from './checkout-settings-cache.js';
import type { SettingsRead } from './checkout-settings-read.js';
import { sqlState } from './errors.js';
import { eventSnapshot } from './order-events.js';
import { retryingConflicts } from './transaction.js';

// Raised by place_order (migrations 0006 and 0007), rolling everything back.
const SETTINGS_CHANGED = 'SL001';
const CODE_USED_UP = 'SL002';
/** Settings changing under one order again and again would be an admin script in a loop: give up then. */
const MAX_PRICINGS = 3;

/**
 * Places an order in ONE round trip: the database function `place_order` claims the idempotency key,
 * judges and locks the stock, locks the discount code, confirms the settings the order was priced with
 * and writes the order, its lines, the reservation, the redemption and the order.placed event, in one
 * statement's transaction (see the migration for the steps and the lock order). The pricing stays here,
 * in the one function that prices quotes too; its inputs are the checkout settings, remembered between
 * orders and confirmed by the database, so an order reads nothing else before it is placed.
 *
 * When the settings changed meanwhile, or a refusal was judged on remembered ones, the order is priced
 * again with fresh settings. Read committed suffices: the row locks serialise everything that touches the
 * same stock or code, and the CHECKs (available >= 0, redemptions <= max_redemptions) would reject an
 * oversell even if this logic were wrong.
 */
export async function placeOrder(
  pool: pg.Pool,
  settingsCache: CheckoutSettingsCache,
  placement: Placement,
  claim: PlacementClaim,
): Promise<PlacementResult> {
  const query = placement.settings;
  let read = settingsCache.remembered(query);
  let remembered = read !== undefined;
  read ??= await settingsCache.refresh(query);
  for (let pricing = 1; ; pricing++) {
    let order: Order;
    try {
      order = placement.build(read.settings);
    } catch (refusal) {
      // A 422 judged on remembered settings (a code used up then, given back since) is judged again.
      if (!remembered) throw refusal;
      read = await settingsCache.refresh(query);
      remembered = false;
      continue;
    }
    const outcome: PlacementOutcome = {
      kind: 'placed',
      order,
      ...(placement.accessToken === undefined ? {} : { accessToken: placement.accessToken }),
    };
    try {
      const settings = read;
      return await retryingConflicts(() => callPlaceOrder(pool, placement, claim, order, settings, outcome));
    } catch (error) {
      const state = sqlState(error);
      if (state === SETTINGS_CHANGED && pricing < MAX_PRICINGS) {
        read = await settingsCache.refresh(query);
        remembered = false;
        continue;
      }
      if (state === CODE_USED_UP) {
        // Priced with the count the lock saw: the checkout's own 422 on discountCode says it is used up.
        await settingsCache.refresh(query);
        placement.build(usedUp(read.settings));
      }
      if (state === '55P03' && waitedForKey(error)) throw idempotencyKeyInProgressError();
      throw error;
    }
  }
}

async function callPlaceOrder(
  pool: pg.Pool,
  placement: Placement,
  claim: PlacementClaim,
  order: Order,
  settings: SettingsRead,
  outcome: PlacementOutcome,
): Promise<PlacementResult> {
  const { settings: query } = placement;
  const request = {
    requester: placement.requester,
    key: claim.key,
    fingerprint: claim.fingerprint,
    ...(claim.requestId === undefined ? {} : { requestId: claim.requestId }),
    taxCountry: query.taxCountry,
    shippingMethodId: query.shippingMethodId ?? null,
    discountCode: query.discountCode ?? null,
    productIds: order.items.map((line) => line.productId),
    quantities: order.items.map((line) => line.quantity),
    order: orderRow(order),
    lines: order.items.map((line, i) => ({
      line_no: i + 1,
      product_id: line.productId,
      sku: line.sku,
      name: line.name,
      quantity: line.quantity,
      unit_amount: line.unitPrice.amount,
      currency: line.unitPrice.currency,
      tax_class: line.taxClass,
      tax_rate: line.taxRate,
      tax_amount: line.taxAmount.amount,
      discount_amount: line.discountAmount.amount,
    })),
    eventId: randomUUID(),
  };
  const { rows } = await pool.query<{ result: PlacementResult | { kind: 'placed' } }>(
    'SELECT place_order($1, $2, $3, $4) AS result',
    [JSON.stringify(request), settings.text, JSON.stringify(outcome), JSON.stringify(eventSnapshot(order))],
  );
  const result = rows[0]?.result;
  if (result === undefined) throw new Error('place_order returned no row');
  return result.kind === 'placed' ? outcome : result;
}

/** The order's row of `orders`, by column name, as place_order reads it with jsonb_populate_record. */
function orderRow(order: Order) {
  return {
    id: order.id,
    customer_id: order.customerId,
    status: order.status,
    total_amount: order.total.amount,
    currency: order.total.currency,
    created_at: order.createdAt,
    updated_at: order.updatedAt,
    access_token_hash: order.accessTokenHash ?? null,
    email: order.email,
    shipping_address: order.shippingAddress,
    billing_address: order.billingAddress,
    shipping_method_id: order.shipping?.methodId ?? null,
    shipping_name: order.shipping?.name ?? null,
    shipping_amount: order.shipping?.amount.amount ?? null,
    shipping_tax_rate: order.shipping?.taxRate ?? null,
    shipping_tax_amount: order.shipping?.taxAmount.amount ?? null,
    discount_code: order.discount?.code ?? null,
    discount_amount: order.discountTotal.amount,
    subtotal_amount: order.subtotal.amount,
    tax_amount: order.taxTotal.amount,
  };
}

/** The settings with the discount code's every redemption taken, as the lock found it. */
function usedUp(settings: CheckoutSettings): CheckoutSettings {
  const { discount } = settings;
  if (discount?.maxRedemptions === undefined) return settings;
  return { ...settings, discount: { ...discount, redemptions: discount.maxRedemptions } };
}

/**
 * lock_timeout fired while waiting for the key's advisory lock: the first request with this key is still
 * running. (A wait for stock rows times out too, with the same SQLSTATE; the statement it names tells them
 * apart.)
 */
function waitedForKey(error: unknown): boolean {
  const where = (error as { where?: unknown }).where;
  return typeof where === 'string' && where.includes('pg_advisory_xact_lock');
}
