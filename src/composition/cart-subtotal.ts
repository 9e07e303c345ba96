import { type CartSubtotal, cartLinesSubtotal } from '../app/ordering/checkout-settings-use-cases.js';
import type { OrderingService } from '../app/ordering/ordering-service.js';

/** GET /shipping-methods?cartId=: the cart as its owner (or, for a guest cart, anyone holding its id) sees it. */
export function cartSubtotalFrom(ordering: Pick<OrderingService, 'getCart'>): CartSubtotal {
  return async (principal, cartId) => cartLinesSubtotal((await ordering.getCart(principal, cartId)).items);
}
