import { describe, expect, it } from 'vitest';
import { createPostgresInventoryStore } from '../../src/adapters/postgres/inventory-store.js';
import type { Order } from '../../src/domain/ordering/order.js';
import { ConflictError, ValidationError } from '../../src/domain/shared/errors.js';
import { newId } from '../../src/domain/shared/ids.js';
import { createTestDatabase, useTestDatabase } from '../support/postgres.js';
import { type DraftOrderStore, draft, draftOrderStore, keyFor } from './order-store-fixtures.js';

/** The OrderStore port's contract, against PostgreSQL (concurrency and outages have their own files). */
describe('PostgreSQL order store', () => {
  const database = useTestDatabase();
  const orders = () => draftOrderStore(database().pool);
  const inventory = () => createPostgresInventoryStore(database().pool);
  const stockOf = async (productId: string) => (await inventory().get(productId))?.available;
  const stocked = async (available: number) => {
    const productId = newId();
    await inventory().set(productId, available);
    return productId;
  };
  const placed = async (order: Order, store: DraftOrderStore = orders()) => {
    const result = await store.place(order, keyFor(order));
    expect(result.kind).toBe('placed');
    return order;
  };

  describe('place', () => {
    it('reserves every line, and the order reads back exactly as placed', async () => {
      const [a, b] = [await stocked(5), await stocked(3)];
      const order = draft(newId(), [
        { productId: b, quantity: 3, unitAmount: 1999 },
        { productId: a, quantity: 2, unitAmount: 500 },
      ]);
      expect(await orders().place(order, keyFor(order))).toEqual({ kind: 'placed', order });
      expect(await orders().get(order.id)).toEqual(order);
      expect([await stockOf(a), await stockOf(b)]).toEqual([3, 0]);
    });

    it('reserves nothing when any line is short, and names only the short products', async () => {
      const [plenty, scarce, unstocked] = [await stocked(10), await stocked(1), newId()];
      const order = draft(newId(), [
        { productId: plenty, quantity: 4 },
        { productId: scarce, quantity: 2 },
        { productId: unstocked, quantity: 1 },
      ]);
      expect(await orders().place(order, keyFor(order))).toEqual({
        kind: 'insufficient_stock',
        products: [
          { productId: scarce, requested: 2, available: 1 },
          { productId: unstocked, requested: 1, available: 0 },
        ],
      });
      expect(await orders().get(order.id)).toBeUndefined();
      expect([await stockOf(plenty), await stockOf(scarce)]).toEqual([10, 1]);
    });

    it('replays a retry with the same key and request: same outcome, no second order', async () => {
      const productId = await stocked(5);
      const order = draft(newId(), [{ productId, quantity: 2 }]);
      const key = keyFor(order);
      const first = await orders().place(order, key);
      // The retry is drafted anew (new id, new time), as a use case would; the stored outcome wins.
      const retry = { ...draft(order.customerId as string, [{ productId, quantity: 2 }]) };
      const second = await orders().place(retry, key);
      expect(second).toEqual({ kind: 'replayed', outcome: first });
      // Byte for byte: a replayed HTTP body must not even reorder its fields.
      expect(second.kind === 'replayed' && JSON.stringify(second.outcome)).toBe(JSON.stringify(first));
      expect(await stockOf(productId)).toBe(3);
      expect(await orders().get(retry.id)).toBeUndefined();
    });

    it('replays an insufficient-stock outcome even after stock arrived', async () => {
      const productId = await stocked(0);
      const order = draft(newId(), [{ productId, quantity: 1 }]);
      const key = keyFor(order);
      const first = await orders().place(order, key);
      await inventory().set(productId, 10);
      expect(await orders().place(order, key)).toEqual({ kind: 'replayed', outcome: first });
      expect(await stockOf(productId)).toBe(10);
    });

    it('refuses the same key with a different request', async () => {
      const productId = await stocked(5);
      const order = draft(newId(), [{ productId, quantity: 1 }]);
      const key = keyFor(order);
      await orders().place(order, key);
      const other = draft(order.customerId as string, [{ productId, quantity: 2 }]);
      expect(await orders().place(other, { key: key.key, fingerprint: 'another request' })).toEqual({
        kind: 'key_reused',
      });
      expect(await stockOf(productId)).toBe(4);
    });

    it('scopes keys per customer: two customers may pick the same key', async () => {
      const productId = await stocked(5);
      const key = { key: 'checkout-1', fingerprint: 'same body' };
      const mine = draft(newId(), [{ productId, quantity: 1 }]);
      const yours = draft(newId(), [{ productId, quantity: 1 }]);
      expect((await orders().place(mine, key)).kind).toBe('placed');
      expect((await orders().place(yours, key)).kind).toBe('placed');
      expect(await stockOf(productId)).toBe(3);
    });
  });

  describe('transition', () => {
    it('moves along the status machine and stamps the time', async () => {
      const order = await placed(draft(newId(), [{ productId: await stocked(1), quantity: 1 }]));
      const at = new Date(Date.parse(order.createdAt) + 60_000);
      const paid = await orders().transition(order.id, ['placed'], 'paid', at);
      expect(paid).toEqual({ ...order, status: 'paid', updatedAt: at.toISOString() });
      expect(await orders().get(order.id)).toEqual(paid);
    });

    it('says conflict when the current status is not one it may leave, and undefined for no order', async () => {
      const order = await placed(draft(newId(), [{ productId: await stocked(1), quantity: 1 }]));
      const attempt = orders().transition(order.id, ['paid'], 'shipped', new Date());
      await expect(attempt).rejects.toBeInstanceOf(ConflictError);
      await expect(attempt).rejects.toThrow('The order is placed: it cannot become shipped.');
      expect(await orders().transition(newId(), ['placed'], 'paid', new Date())).toBeUndefined();
      expect((await orders().get(order.id))?.status).toBe('placed');
    });

    it('releases the stock of a cancelled order exactly once', async () => {
      const [a, b] = [await stocked(5), await stocked(5)];
      const order = await placed(
        draft(newId(), [
          { productId: a, quantity: 2 },
          { productId: b, quantity: 5 },
        ]),
      );
      expect([await stockOf(a), await stockOf(b)]).toEqual([3, 0]);
      const cancelled = await orders().transition(order.id, ['placed', 'paid'], 'cancelled', new Date());
      expect(cancelled?.status).toBe('cancelled');
      expect([await stockOf(a), await stockOf(b)]).toEqual([5, 5]);
      // Even a caller that lists 'cancelled' among the allowed sources gets no second release.
      await expect(
        orders().transition(order.id, ['placed', 'paid', 'cancelled'], 'cancelled', new Date()),
      ).rejects.toBeInstanceOf(ConflictError);
      expect([await stockOf(a), await stockOf(b)]).toEqual([5, 5]);
    });

    it('releases nothing on other transitions', async () => {
      const productId = await stocked(2);
      const order = await placed(draft(newId(), [{ productId, quantity: 2 }]));
      await orders().transition(order.id, ['placed'], 'paid', new Date());
      await orders().transition(order.id, ['paid'], 'shipped', new Date());
      await expect(
        orders().transition(order.id, ['placed', 'paid'], 'cancelled', new Date()),
      ).rejects.toBeInstanceOf(ConflictError);
      expect(await stockOf(productId)).toBe(0);
    });
  });

  describe('list', () => {
    const at = (iso: string) => new Date(iso);

    it("pages one customer's orders newest first, with ties broken by id", async () => {
      const productId = await stocked(100);
      const customer = newId();
      const sameTime = at('2031-05-01T10:00:00.000Z');
      const mine = [
        draft(customer, [{ productId, quantity: 1 }], { createdAt: at('2031-05-01T09:00:00.000Z') }),
        draft(customer, [{ productId, quantity: 1 }], { createdAt: sameTime }),
        draft(customer, [{ productId, quantity: 1 }], { createdAt: sameTime }),
        draft(customer, [{ productId, quantity: 1 }], { createdAt: at('2031-05-02T00:00:00.000Z') }),
        draft(customer, [{ productId, quantity: 1 }], { createdAt: at('2031-04-30T23:59:59.999Z') }),
      ];
      for (const order of mine) await placed(order);
      await placed(draft(newId(), [{ productId, quantity: 1 }], { createdAt: sameTime }));

      const expected = [...mine]
        .sort((x, y) => y.createdAt.localeCompare(x.createdAt) || (y.id < x.id ? -1 : 1))
        .map((order) => order.id);
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 5; page++) {
        const result = await orders().list({ limit: 2, customerId: customer, cursor });
        seen.push(...result.items.map((order) => order.id));
        if (result.nextCursor === null) break;
        cursor = result.nextCursor;
      }
      expect(seen).toEqual(expected);
    });

    it('says there is no next page exactly on the last page', async () => {
      const productId = await stocked(10);
      const customer = newId();
      for (let i = 0; i < 2; i++) await placed(draft(customer, [{ productId, quantity: 1 }]));
      const page = await orders().list({ limit: 2, customerId: customer });
      expect(page.items).toHaveLength(2);
      expect(page.nextCursor).toBeNull();
      expect(await orders().list({ limit: 5, customerId: newId() })).toEqual({ items: [], nextCursor: null });
    });

    it("lists every customer's orders when no customer is given", async () => {
      const own = await createTestDatabase();
      try {
        const store = draftOrderStore(own.pool);
        const productId = newId();
        await createPostgresInventoryStore(own.pool).set(productId, 10);
        const all = [draft('ann', [{ productId, quantity: 1 }]), draft('bob', [{ productId, quantity: 1 }])];
        for (const order of all) await placed(order, store);
        const page = await store.list({ limit: 10 });
        expect(page.items.map((order) => order.customerId).sort()).toEqual(['ann', 'bob']);
      } finally {
        await own.drop();
      }
    });

    it("rejects a cursor from another customer's list, or one it never issued", async () => {
      const productId = await stocked(10);
      const customer = newId();
      for (let i = 0; i < 3; i++) await placed(draft(customer, [{ productId, quantity: 1 }]));
      const { nextCursor } = await orders().list({ limit: 1, customerId: customer });
      expect(nextCursor).not.toBeNull();
      for (const query of [
        { limit: 1, customerId: newId(), cursor: nextCursor ?? '' },
        { limit: 1, cursor: nextCursor ?? '' },
        { limit: 1, customerId: customer, cursor: 'bm90IGEgY3Vyc29y' },
      ]) {
        const attempt = orders().list(query);
        await expect(attempt).rejects.toBeInstanceOf(ValidationError);
        await expect(attempt).rejects.toMatchObject({ errors: [{ path: 'cursor' }] });
      }
    });
  });
});
