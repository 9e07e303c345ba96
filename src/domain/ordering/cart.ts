import * as z from '../shared/zod.js';
import { MAX_LINE_QUANTITY, MAX_ORDER_LINES } from './order.js';

/** Carts are throw-away session data: they expire a week after the last change. */
export const CART_TTL_SECONDS = 7 * 24 * 60 * 60;
export const MAX_CART_LINES = MAX_ORDER_LINES;

export interface CartLine {
  productId: string;
  quantity: number;
}

export interface Cart {
  id: string;
  /** The owner; null for a guest's cart, whose id (at least 128 random bits) is the only key to it. */
  customerId: string | null;
  items: CartLine[];
  createdAt: string;
  updatedAt: string;
  /** After this instant the cart is treated as absent. */
  expiresAt: string;
}

/**
 * Whether the caller (`customerId`, undefined when anonymous) may see and change `cart`: a guest cart is
 * anyone's who holds its id; a customer's cart only its owner's.
 */
export function mayUseCart(cart: Pick<Cart, 'customerId'>, customerId: string | undefined): boolean {
  return cart.customerId === null || cart.customerId === customerId;
}

/** PUT /carts/{id}/items/{productId}: quantity 0 removes the line. */
export const cartItemInputSchema = z.strictObject({
  quantity: z.number().check(z.int(), z.minimum(0), z.maximum(MAX_LINE_QUANTITY)),
});
