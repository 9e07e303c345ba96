import type { Order } from '../../src/domain/ordering/order.js';
import { newId } from '../../src/domain/shared/ids.js';

export interface LineSpec {
  productId: string;
  quantity: number;
  /** Minor units; 250 unless told. */
  unitAmount?: number;
}

/** An order as the use case drafts it: status placed, snapshots of SKU, name and price, total computed. */
export function draft(
  customerId: string,
  lines: readonly LineSpec[],
  options: { createdAt?: Date; currency?: string } = {},
): Order {
  const currency = options.currency ?? 'EUR';
  const at = (options.createdAt ?? new Date()).toISOString();
  const items = lines.map((line) => ({
    productId: line.productId,
    sku: `SKU-${line.productId}`,
    name: `Product ${line.productId}`,
    quantity: line.quantity,
    unitPrice: { amount: line.unitAmount ?? 250, currency },
  }));
  return {
    id: newId(),
    customerId,
    status: 'placed',
    items,
    total: { amount: items.reduce((sum, line) => sum + line.quantity * line.unitPrice.amount, 0), currency },
    createdAt: at,
    updatedAt: at,
  };
}

/** A fresh idempotency key with the fingerprint of "this request". */
export function keyFor(order: Order): { key: string; fingerprint: string } {
  return { key: newId(), fingerprint: `fp-${order.id}` };
}
