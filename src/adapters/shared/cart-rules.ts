import type { CartLine } from '../../domain/ordering/cart.js';
import { MAX_CART_LINES } from '../../domain/ordering/cart.js';
import { ConflictError } from '../../domain/shared/errors.js';

/** The CartStore port's errors and line order, worded once for every adapter. */

export function cartFullError(): ConflictError {
  return new ConflictError(`A cart holds at most ${MAX_CART_LINES} different products.`, [
    { path: 'productId', message: `the cart already has ${MAX_CART_LINES} lines: remove one first` },
  ]);
}

export function cartIdTakenError(): ConflictError {
  return new ConflictError('A cart with this id already exists.', [
    { path: 'id', message: 'is already taken' },
  ]);
}

/** Lines by product id: a DynamoDB map has no order, so every adapter returns the same stable one. */
export function sortedLines(lines: CartLine[]): CartLine[] {
  return [...lines].sort((a, b) => (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0));
}
