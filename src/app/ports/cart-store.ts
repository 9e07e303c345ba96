import type { Cart } from '../../domain/ordering/cart.js';

/**
 * Carts (DynamoDB in every runtime). Implementations treat an expired cart as absent, and scope every
 * read and write by `mayUseCart`: a cart of another customer is indistinguishable from a missing one, a
 * guest cart (customerId null) is open to whoever has its id. `customerId` is undefined for anonymous callers.
 */
export interface CartStore {
  create(cart: Cart): Promise<void>;
  /** undefined when absent, expired, or owned by someone else. */
  get(id: string, customerId: string | undefined): Promise<Cart | undefined>;
  /**
   * Sets one line's quantity (0 removes it) atomically with respect to other lines, and pushes expiresAt.
   * Returns the cart after the change; undefined when absent, expired or not the owner's.
   * ConflictError when the cart would exceed MAX_CART_LINES.
   */
  setItem(
    id: string,
    customerId: string | undefined,
    line: { productId: string; quantity: number },
    now: Date,
  ): Promise<Cart | undefined>;
}
