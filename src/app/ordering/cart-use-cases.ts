import { NotFoundError, UnprocessableError } from '../../domain/shared/errors.js';
import { newId, newSecretId } from '../../domain/shared/ids.js';
import type { CartStore } from '../ports/cart-store.js';
import type { CatalogRepository } from '../ports/catalog-repository.js';
import type { Clock } from '../ports/clock.js';
import type { Principal } from '../ports/token-verifier.js';
import { cartExpiry } from './cart-expiry.js';
import { type PricedCart, priceCart } from './cart-pricing.js';

/** Who is calling; undefined for an anonymous guest. */
type Caller = Principal | undefined;

export interface CartUseCases {
  /**
   * An empty cart owned by the caller (`sub`), or, for an anonymous caller, a guest cart: no owner, and an
   * id of about 144 random bits that is the only key to it.
   */
  createCart(principal: Caller): Promise<PricedCart>;
  /** NotFoundError when absent, expired or someone else's (see mayUseCart). */
  getCart(principal: Caller, id: string): Promise<PricedCart>;
  /** Quantity 0 removes the line; a new quantity needs an active product (422 on `productId`). */
  setCartItem(principal: Caller, id: string, productId: string, quantity: number): Promise<PricedCart>;
}

export function createCartUseCases({
  catalog,
  carts,
  clock,
}: {
  catalog: CatalogRepository;
  carts: CartStore;
  clock: Clock;
}): CartUseCases {
  // One answer for absent, expired and foreign carts: a cart id reveals nothing about other customers.
  const notFound = (id: string) => new NotFoundError(`No cart with id "${id}".`);

  return {
    async createCart(principal) {
      const now = clock.now();
      const cart = {
        id: principal === undefined ? newSecretId() : newId(),
        customerId: principal?.sub ?? null,
        items: [],
        createdAt: now.toISOString(),
        updatedAt: now.toISOString(),
        expiresAt: cartExpiry(now).iso,
      };
      await carts.create(cart);
      return priceCart(cart, catalog);
    },

    async getCart(principal, id) {
      const cart = await carts.get(id, principal?.sub);
      if (cart === undefined) throw notFound(id);
      return priceCart(cart, catalog);
    },

    async setCartItem(principal, id, productId, quantity) {
      // Removing needs no product: a line whose product vanished must still be removable.
      if (quantity > 0) {
        const product = await catalog.getProduct(productId);
        if (product?.status !== 'active') {
          throw new UnprocessableError('The product is not for sale.', [
            { path: 'productId', message: `product "${productId}" does not exist or is not active` },
          ]);
        }
      }
      const cart = await carts.setItem(id, principal?.sub, { productId, quantity }, clock.now());
      if (cart === undefined) throw notFound(id);
      return priceCart(cart, catalog);
    },
  };
}
