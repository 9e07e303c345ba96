import type { Cart } from '../../domain/ordering/cart.js';
import { sortedLines } from '../shared/cart-rules.js';
import { cartKey } from './keys.js';
import type { Item } from './table.js';

/**
 * A cart as one item: lines in a map attribute `items` (product id -> quantity), so setting one line is a
 * single UpdateItem that leaves the others alone; `expiresAt` in epoch seconds is the table's TTL attribute.
 */
export function toCartItem(cart: Cart): Item {
  return {
    ...cartKey(cart.id),
    id: cart.id,
    // A guest cart has no owner attribute at all: the conditions test for its absence.
    ...(cart.customerId === null ? {} : { customerId: cart.customerId }),
    items: Object.fromEntries(cart.items.map((line) => [line.productId, line.quantity])),
    createdAt: cart.createdAt,
    updatedAt: cart.updatedAt,
    expiresAt: Math.floor(Date.parse(cart.expiresAt) / 1000),
  };
}

export function fromCartItem(item: Item): Cart {
  const lines = Object.entries((item.items ?? {}) as Record<string, number>).map(([productId, quantity]) => ({
    productId,
    quantity: Number(quantity),
  }));
  return {
    id: String(item.id),
    customerId: item.customerId === undefined ? null : String(item.customerId),
    items: sortedLines(lines),
    createdAt: String(item.createdAt),
    updatedAt: String(item.updatedAt),
    expiresAt: new Date(Number(item.expiresAt) * 1000).toISOString(),
  };
}
