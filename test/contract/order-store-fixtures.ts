import { createPostgresOrderStore } from '../../src/adapters/postgres/order-store.js';
import type { OrderStore, PlacementClaim, PlacementResult } from '../../src/app/ports/order-store.js';
import type { Order } from '../../src/domain/ordering/order.js';
import { newId } from '../../src/domain/shared/ids.js';

export interface LineSpec {
  productId: string;
  quantity: number;
  /** Minor units; 250 unless told. */
  unitAmount?: number;
}

/**
 * An order as checkout builds it for a customer: status placed, snapshots of SKU, name and price, total
 * computed. Each line gets a tenth off and is taxed at 7 % of what is left (amounts the store must keep
 * apart); with `shipping`, a shipping line taxed at 19 %.
 */
export function draft(
  customerId: string,
  lines: readonly LineSpec[],
  options: { createdAt?: Date; currency?: string; shipping?: number } = {},
): Order {
  const currency = options.currency ?? 'EUR';
  const money = (amount: number) => ({ amount, currency });
  const at = (options.createdAt ?? new Date()).toISOString();
  const items = lines.map((line) => {
    const unit = line.unitAmount ?? 250;
    const lineTotal = unit * line.quantity;
    const discount = Math.floor(lineTotal / 10);
    return {
      productId: line.productId,
      sku: `SKU-${line.productId}`,
      name: `Product ${line.productId}`,
      quantity: line.quantity,
      unitPrice: money(unit),
      taxClass: 'reduced' as const,
      lineTotal: money(lineTotal),
      discountAmount: money(discount),
      taxRate: 7,
      taxAmount: money(Math.round(((lineTotal - discount) * 7) / 107)),
    };
  });
  const sum = (amounts: number[]) => amounts.reduce((total, amount) => total + amount, 0);
  const subtotal = sum(items.map((line) => line.lineTotal.amount));
  const discountTotal = sum(items.map((line) => line.discountAmount.amount));
  const shippingAmount = options.shipping ?? 0;
  const shipping =
    options.shipping === undefined
      ? null
      : {
          methodId: 'standard',
          name: 'Standard',
          amount: money(shippingAmount),
          taxRate: 19,
          taxAmount: money(Math.round((shippingAmount * 19) / 119)),
        };
  const taxTotal = sum(items.map((line) => line.taxAmount.amount)) + (shipping?.taxAmount.amount ?? 0);
  return {
    id: newId(),
    customerId,
    status: 'placed',
    email: `${customerId}@example.com`,
    shippingAddress: null,
    billingAddress: null,
    items,
    shipping,
    discount: discountTotal === 0 ? null : { code: 'TENTH', amount: money(discountTotal) },
    subtotal: money(subtotal),
    discountTotal: money(discountTotal),
    shippingTotal: money(shippingAmount),
    taxTotal: money(taxTotal),
    total: money(subtotal - discountTotal + shippingAmount),
    createdAt: at,
    updatedAt: at,
  };
}

/** A fresh idempotency key with the fingerprint of "this request". */
export function keyFor(order: Order): { key: string; fingerprint: string } {
  return { key: newId(), fingerprint: `fp-${order.id}` };
}

/** The order store with `place` taking a ready order, as the stock and key tests think of it. */
export interface DraftOrderStore extends Omit<OrderStore, 'place'> {
  place(order: Order, claim: PlacementClaim): Promise<PlacementResult>;
}

/** The PostgreSQL order store, placing ready orders (built without reading any checkout settings). */
export function draftOrderStore(pool: Parameters<typeof createPostgresOrderStore>[0]): DraftOrderStore {
  const store = createPostgresOrderStore(pool);
  return {
    ...store,
    place: (order, claim) =>
      store.place(
        { requester: order.customerId as string, settings: { taxCountry: 'DE' }, build: () => order },
        claim,
      ),
  };
}
