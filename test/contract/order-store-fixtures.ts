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
 * An order as checkout builds it for a customer: status placed, snapshots of SKU, name and price, no
 * shipping, discount or tax (a zero-rated line), total computed.
 */
export function draft(
  customerId: string,
  lines: readonly LineSpec[],
  options: { createdAt?: Date; currency?: string } = {},
): Order {
  const currency = options.currency ?? 'EUR';
  const money = (amount: number) => ({ amount, currency });
  const at = (options.createdAt ?? new Date()).toISOString();
  const items = lines.map((line) => {
    const unit = line.unitAmount ?? 250;
    return {
      productId: line.productId,
      sku: `SKU-${line.productId}`,
      name: `Product ${line.productId}`,
      quantity: line.quantity,
      unitPrice: money(unit),
      taxClass: 'zero' as const,
      lineTotal: money(unit * line.quantity),
      discountAmount: money(0),
      taxRate: 0,
      taxAmount: money(0),
    };
  });
  const total = money(items.reduce((sum, line) => sum + line.lineTotal.amount, 0));
  return {
    id: newId(),
    customerId,
    status: 'placed',
    email: `${customerId}@example.com`,
    shippingAddress: null,
    billingAddress: null,
    items,
    shipping: null,
    discount: null,
    subtotal: total,
    discountTotal: money(0),
    shippingTotal: money(0),
    taxTotal: money(0),
    total,
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
