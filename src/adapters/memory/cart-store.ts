import { cartExpiry, isCartLive } from '../../app/ordering/cart-expiry.js';
import type { CartStore } from '../../app/ports/cart-store.js';
import { type Clock, systemClock } from '../../app/ports/clock.js';
import { type Cart, MAX_CART_LINES, mayUseCart } from '../../domain/ordering/cart.js';
import { cartFullError, cartIdTakenError, sortedLines } from '../shared/cart-rules.js';

/**
 * Carts in a Map with the DynamoDB store's rules: expired and foreign carts are absent, a line is set or
 * removed atomically (no await between check and write), at most MAX_CART_LINES lines.
 */
export function createMemoryCartStore(clock: Clock = systemClock): CartStore {
  const carts = new Map<string, Cart>();

  function visible(id: string, customerId: string | undefined, now: Date): Cart | undefined {
    const cart = carts.get(id);
    if (cart === undefined || !mayUseCart(cart, customerId)) return undefined;
    return isCartLive(Date.parse(cart.expiresAt) / 1000, now) ? cart : undefined;
  }

  return {
    async create(cart) {
      if (carts.has(cart.id)) throw cartIdTakenError();
      carts.set(cart.id, structuredClone(cart));
    },

    async get(id, customerId) {
      return structuredClone(visible(id, customerId, clock.now()));
    },

    async setItem(id, customerId, line, now) {
      const cart = visible(id, customerId, now);
      if (cart === undefined) return undefined;
      const others = cart.items.filter((item) => item.productId !== line.productId);
      if (line.quantity > 0 && others.length === cart.items.length && others.length >= MAX_CART_LINES) {
        throw cartFullError();
      }
      const items = line.quantity > 0 ? [...others, { ...line }] : others;
      const next: Cart = {
        ...cart,
        items: sortedLines(items),
        updatedAt: now.toISOString(),
        expiresAt: cartExpiry(now).iso,
      };
      carts.set(id, next);
      return structuredClone(next);
    },
  };
}
