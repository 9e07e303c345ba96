import { describe, expect, it } from 'vitest';
import { cartExpiry } from '../../src/app/ordering/cart-expiry.js';
import type { CartStore } from '../../src/app/ports/cart-store.js';
import { CART_TTL_SECONDS, type Cart, MAX_CART_LINES } from '../../src/domain/ordering/cart.js';
import { ConflictError } from '../../src/domain/shared/errors.js';
import { type ManualClock, manualClock, settle } from './fixtures.js';

export type CartStoreFactory = (clock: ManualClock) => Promise<CartStore>;

let sequence = 0;

function newCart(clock: ManualClock, customerId = 'alice'): Cart {
  const now = clock.now();
  return {
    id: `cart-${++sequence}`,
    customerId,
    items: [],
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    expiresAt: cartExpiry(now).iso,
  };
}

/** The CartStore port's contract (src/app/ports/cart-store.ts), run against every adapter. */
export function describeCartStoreContract(name: string, factory: CartStoreFactory): void {
  async function setUp() {
    const clock = manualClock();
    const store = await factory(clock);
    const cart = newCart(clock);
    await store.create(cart);
    return { clock, store, cart };
  }

  describe(`CartStore contract: ${name}`, () => {
    it('stores a cart and reads it back for its owner only', async () => {
      const { store, cart } = await setUp();
      expect(await store.get(cart.id, 'alice')).toStrictEqual(cart);
      expect(await store.get(cart.id, 'mallory')).toBeUndefined();
      expect(await store.get('no-such-cart', 'alice')).toBeUndefined();
    });

    it('sets, changes and removes lines, pushing updatedAt and expiresAt', async () => {
      const { store, cart, clock } = await setUp();
      clock.advance(60_000);
      const now = clock.now();
      await store.setItem(cart.id, 'alice', { productId: 'p-b', quantity: 2 }, now);
      await store.setItem(cart.id, 'alice', { productId: 'p-a', quantity: 1 }, now);
      const changed = await store.setItem(cart.id, 'alice', { productId: 'p-b', quantity: 5 }, now);
      expect(changed).toStrictEqual({
        ...cart,
        items: [
          { productId: 'p-a', quantity: 1 },
          { productId: 'p-b', quantity: 5 },
        ],
        updatedAt: now.toISOString(),
        expiresAt: cartExpiry(now).iso,
      });
      expect(await store.get(cart.id, 'alice')).toStrictEqual(changed);
      const removed = await store.setItem(cart.id, 'alice', { productId: 'p-a', quantity: 0 }, now);
      expect(removed?.items).toEqual([{ productId: 'p-b', quantity: 5 }]);
      // Removing a line that is not there is harmless.
      const again = await store.setItem(cart.id, 'alice', { productId: 'p-a', quantity: 0 }, now);
      expect(again?.items).toEqual([{ productId: 'p-b', quantity: 5 }]);
    });

    it('never lets another customer change a cart', async () => {
      const { store, cart, clock } = await setUp();
      const line = { productId: 'p-1', quantity: 3 };
      expect(await store.setItem(cart.id, 'mallory', line, clock.now())).toBeUndefined();
      expect(await store.setItem('no-such-cart', 'alice', line, clock.now())).toBeUndefined();
      expect((await store.get(cart.id, 'alice'))?.items).toEqual([]);
    });

    it('treats a cart as absent once a week passed since its last change', async () => {
      const { store, cart, clock } = await setUp();
      clock.advance(CART_TTL_SECONDS * 1000 - 1000);
      // A change just before expiry keeps the cart for another week.
      await store.setItem(cart.id, 'alice', { productId: 'p-1', quantity: 1 }, clock.now());
      clock.advance(CART_TTL_SECONDS * 1000 - 1000);
      expect((await store.get(cart.id, 'alice'))?.items).toEqual([{ productId: 'p-1', quantity: 1 }]);
      clock.advance(1000);
      expect(await store.get(cart.id, 'alice')).toBeUndefined();
      const late = await store.setItem(cart.id, 'alice', { productId: 'p-2', quantity: 1 }, clock.now());
      expect(late).toBeUndefined();
    });

    it(`holds at most ${MAX_CART_LINES} lines, and still lets full carts change existing lines`, async () => {
      const { store, cart, clock } = await setUp();
      const now = clock.now();
      for (let i = 0; i < MAX_CART_LINES; i++) {
        await store.setItem(cart.id, 'alice', { productId: `p-${i}`, quantity: 1 }, now);
      }
      const error = await store
        .setItem(cart.id, 'alice', { productId: 'one-too-many', quantity: 1 }, now)
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ConflictError);
      expect(
        (await store.setItem(cart.id, 'alice', { productId: 'p-0', quantity: 9 }, now))?.items,
      ).toHaveLength(MAX_CART_LINES);
      await store.setItem(cart.id, 'alice', { productId: 'p-0', quantity: 0 }, now);
      expect(
        (await store.setItem(cart.id, 'alice', { productId: 'one-too-many', quantity: 1 }, now))?.items,
      ).toHaveLength(MAX_CART_LINES);
    });

    it('keeps every line when many are set at once', async () => {
      const { store, cart, clock } = await setUp();
      const writes = Array.from({ length: 20 }, (_, i) =>
        store.setItem(cart.id, 'alice', { productId: `p-${i}`, quantity: i + 1 }, clock.now()),
      );
      const { errors } = await settle(writes);
      expect(errors).toEqual([]);
      expect((await store.get(cart.id, 'alice'))?.items).toHaveLength(20);
    });

    it('refuses a second cart with the same id', async () => {
      const { store, cart } = await setUp();
      const error = await store.create({ ...cart, customerId: 'mallory' }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ConflictError);
      expect((await store.get(cart.id, 'alice'))?.customerId).toBe('alice');
    });
  });
}
