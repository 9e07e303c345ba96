import type { Product } from '../../domain/catalog/product.js';
import type { Order, OrderLine } from '../../domain/ordering/order.js';
import { type FieldError, UnprocessableError } from '../../domain/shared/errors.js';
import { newId } from '../../domain/shared/ids.js';

export interface RequestedLine {
  productId: string;
  quantity: number;
  /** Where the line came from in the request, for `errors[].path` (`items.1`, or `cartId`). */
  path: string;
}

/**
 * A new order from the requested lines and the catalog as it is now: name, SKU and price are snapshots,
 * so later catalog edits never change what was sold. Every line must be an active product, and all lines
 * one currency (an order has one total); otherwise a 422 names every offending line at once.
 */
export function draftOrder(
  customerId: string,
  lines: readonly RequestedLine[],
  products: ReadonlyMap<string, Product>,
  now: Date,
): Order {
  const errors: FieldError[] = [];
  const sold: OrderLine[] = [];
  for (const line of lines) {
    const product = products.get(line.productId);
    if (product?.status !== 'active') {
      errors.push({
        path: fieldPath(line, 'productId'),
        message: `product "${line.productId}" does not exist or is not for sale`,
      });
      continue;
    }
    sold.push({
      productId: product.id,
      sku: product.sku,
      name: product.name,
      quantity: line.quantity,
      unitPrice: { ...product.price },
    });
  }
  if (errors.length > 0) throw new UnprocessableError('Some products are not for sale.', errors);

  const currency = sold[0]?.unitPrice.currency;
  const foreign = lines.filter((_, i) => sold[i]?.unitPrice.currency !== currency);
  if (foreign.length > 0) {
    throw new UnprocessableError('An order has one currency: these products are priced in another.', [
      ...foreign.map((line) => ({
        path: fieldPath(line, 'productId'),
        message: `product "${line.productId}" is priced in ${products.get(line.productId)?.price.currency}, the order in ${currency}`,
      })),
    ]);
  }

  const amount = sold.reduce((sum, line) => sum + line.unitPrice.amount * line.quantity, 0);
  if (!Number.isSafeInteger(amount)) {
    const path = lines[0]?.path === 'cartId' ? 'cartId' : 'items';
    throw new UnprocessableError('The order total is too large.', [
      { path, message: 'the total exceeds what one order can hold: split it' },
    ]);
  }
  const at = now.toISOString();
  return {
    id: newId(),
    customerId,
    status: 'placed',
    items: sold,
    total: { amount, currency: currency as string },
    createdAt: at,
    updatedAt: at,
  };
}

/** `items.1.productId` for a line of the body; just `cartId` for a line that came from a cart. */
function fieldPath(line: RequestedLine, field: 'productId' | 'quantity'): string {
  return line.path === 'cartId' ? 'cartId' : `${line.path}.${field}`;
}
