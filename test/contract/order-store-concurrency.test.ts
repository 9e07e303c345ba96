import { describe, expect, it } from 'vitest';
import { createPostgresInventoryStore } from '../../src/adapters/postgres/inventory-store.js';
import type { PlacementResult } from '../../src/app/ports/order-store.js';
import { ConflictError } from '../../src/domain/shared/errors.js';
import { newId } from '../../src/domain/shared/ids.js';
import { useTestDatabase } from '../support/postgres.js';
import { draft, draftOrderStore, keyFor } from './order-store-fixtures.js';

/**
 * Real concurrent clients: every call below takes its own connection from a pool of 25, so PostgreSQL
 * sees up to 25 transactions at once, queued on the same rows.
 */
describe('PostgreSQL order store under concurrency', () => {
  const database = useTestDatabase({ max: 25 });
  const orders = () => draftOrderStore(database().pool);
  const inventory = () => createPostgresInventoryStore(database().pool);
  const stockOf = async (productId: string) => (await inventory().get(productId))?.available;
  const countOrders = async (productId: string) =>
    Number(
      (await database().pool.query('SELECT count(*) FROM order_lines WHERE product_id = $1', [productId]))
        .rows[0].count,
    );

  it('never oversells: stock 10 and 200 customers at once give exactly 10 orders', async () => {
    const productId = newId();
    await inventory().set(productId, 10);
    // Watch stock and sales while the orders run, both read by one statement (one snapshot): at every
    // moment, what is left plus what was sold is what there was, and stock only goes down. A placement
    // that reserved before it knew it could sell, or handed stock back, would show here.
    const observe = async () => {
      const { rows } = await database().pool.query<{ available: number; sold: number }>(
        `SELECT available, (SELECT coalesce(sum(quantity), 0)::int FROM order_lines WHERE product_id = $1) AS sold
         FROM inventory WHERE product_id = $1`,
        [productId],
      );
      return rows[0] as { available: number; sold: number };
    };
    const observed = [await observe()];
    let running = true;
    const watcher = (async () => {
      while (running) observed.push(await observe());
    })();

    const results = await Promise.all(
      Array.from({ length: 200 }, () => {
        const order = draft(newId(), [{ productId, quantity: 1 }]);
        return orders().place(order, keyFor(order));
      }),
    );
    running = false;
    await watcher;
    observed.push(await observe());

    const kinds = results.map((result) => result.kind);
    expect(kinds.filter((kind) => kind === 'placed')).toHaveLength(10);
    expect(kinds.filter((kind) => kind === 'insufficient_stock')).toHaveLength(190);
    expect(observed[0]).toEqual({ available: 10, sold: 0 });
    expect(observed.at(-1)).toEqual({ available: 0, sold: 10 });
    for (const [i, seen] of observed.entries()) {
      expect(seen.available + seen.sold, `observation ${i}`).toBe(10);
      if (i > 0)
        expect(seen.available, `observation ${i}`).toBeLessThanOrEqual(observed[i - 1]?.available ?? 10);
    }
    expect(await countOrders(productId)).toBe(10);
  });

  it('answers a sold-out product at once, without queueing behind the transactions that hold its stock row', async () => {
    const productId = newId();
    await inventory().set(productId, 0);
    // Another transaction holds the stock row (as a long placement or an adjustment would).
    const holder = await database().pool.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM inventory WHERE product_id = $1 FOR UPDATE', [productId]);
      const order = draft(newId(), [{ productId, quantity: 1 }]);
      // The holder keeps its lock until this placement has answered: had it queued for the row, it would
      // have failed at lock_timeout with UnavailableError (55P03) instead of answering.
      const result = await orders().place(order, keyFor(order));
      expect(result).toEqual({
        kind: 'insufficient_stock',
        products: [{ productId, requested: 1, available: 0 }],
      });
    } finally {
      await holder.query('ROLLBACK');
      holder.release();
    }
  });

  it('lets A+B and B+A orders run against each other without a deadlock reaching the caller', async () => {
    const [a, b] = [newId(), newId()];
    await inventory().set(a, 1_000);
    await inventory().set(b, 1_000);
    const results = await Promise.all(
      Array.from({ length: 150 }, (_, i) => {
        const lines = [
          { productId: a, quantity: 1 },
          { productId: b, quantity: 2 },
        ];
        const order = draft(newId(), i % 2 === 0 ? lines : [...lines].reverse());
        return orders().place(order, keyFor(order));
      }),
    );
    expect(results.every((result) => result.kind === 'placed')).toBe(true);
    expect([await stockOf(a), await stockOf(b)]).toEqual([850, 700]);
  });

  it('places one order for 20 concurrent requests with the same key; the others replay it', async () => {
    const productId = newId();
    await inventory().set(productId, 100);
    const order = draft(newId(), [{ productId, quantity: 3 }]);
    const key = keyFor(order);
    const results: PlacementResult[] = await Promise.all(
      Array.from({ length: 20 }, (_, i) => orders().place(i === 0 ? order : { ...order, id: newId() }, key)),
    );
    const placed = results.filter((result) => result.kind === 'placed');
    expect(placed).toHaveLength(1);
    const replays = results.filter((result) => result.kind === 'replayed');
    expect(replays).toHaveLength(19);
    for (const replay of replays) expect(replay).toEqual({ kind: 'replayed', outcome: placed[0] });
    expect(await stockOf(productId)).toBe(97);
    expect(await countOrders(productId)).toBe(1);
  });

  it('releases stock once when the same order is cancelled many times at once', async () => {
    const productId = newId();
    await inventory().set(productId, 5);
    const order = draft(newId(), [{ productId, quantity: 4 }]);
    await orders().place(order, keyFor(order));
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () =>
        orders().transition(order.id, ['placed', 'paid'], 'cancelled', new Date()),
      ),
    );
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const failures = results.filter((result) => result.status === 'rejected');
    expect(failures.every((failure) => failure.reason instanceof ConflictError)).toBe(true);
    expect(await stockOf(productId)).toBe(5);
  });

  it('keeps stock exact while placements and cancellations of the same products interleave', async () => {
    const [a, b] = [newId(), newId()];
    await inventory().set(a, 40);
    await inventory().set(b, 40);
    const first = await Promise.all(
      Array.from({ length: 20 }, (_, i) => {
        const order = draft(newId(), [
          { productId: i % 2 ? a : b, quantity: 1 },
          { productId: i % 2 ? b : a, quantity: 1 },
        ]);
        return orders()
          .place(order, keyFor(order))
          .then(() => order);
      }),
    );
    // Cancel half of them while 20 more orders arrive.
    await Promise.all([
      ...first
        .slice(0, 10)
        .map((order) => orders().transition(order.id, ['placed'], 'cancelled', new Date())),
      ...Array.from({ length: 20 }, () => {
        const order = draft(newId(), [
          { productId: b, quantity: 1 },
          { productId: a, quantity: 1 },
        ]);
        return orders().place(order, keyFor(order));
      }),
    ]);
    // 40 - 20 placed + 10 released - 20 placed = 10 each.
    expect([await stockOf(a), await stockOf(b)]).toEqual([10, 10]);
  });
});
