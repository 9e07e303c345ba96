import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresInventoryStore } from '../../src/adapters/postgres/inventory-store.js';
import { createPostgresOrderStore } from '../../src/adapters/postgres/order-store.js';
import { createPostgresPool } from '../../src/adapters/postgres/pool.js';
import { UnavailableError } from '../../src/domain/shared/errors.js';
import { newId } from '../../src/domain/shared/ids.js';
import { type DedicatedPostgres, startDedicatedPostgres } from '../support/postgres.js';
import { draft, keyFor } from './order-store-fixtures.js';

// "Within a bounded time, never a hang": what a client waits at most for a 503 when the database is gone.
const BOUND_MS = 5_000;

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; outcome: PromiseSettledResult<T> }> {
  const started = Date.now();
  const [outcome] = await Promise.allSettled([work()]);
  return { ms: Date.now() - started, outcome: outcome as PromiseSettledResult<T> };
}

describe('PostgreSQL order store when the database goes away', () => {
  let server: DedicatedPostgres;
  let pool: pg.Pool;
  beforeAll(async () => {
    server = await startDedicatedPostgres();
    // The one pool for the whole file: recovery must not need a new one.
    pool = createPostgresPool({ connectionString: server.connectionString, max: 10 });
  });
  afterAll(async () => {
    await pool?.end();
    await server?.close();
  });

  it('answers UnavailableError quickly while it is down, then works again with the same pool', async () => {
    const orders = createPostgresOrderStore(pool);
    const inventory = createPostgresInventoryStore(pool);
    const productId = newId();
    await inventory.set(productId, 100);
    const before = draft(newId(), [{ productId, quantity: 1 }]);
    expect((await orders.place(before, keyFor(before))).kind).toBe('placed');

    await server.stopServer();
    const attempts: (() => Promise<unknown>)[] = [
      () => orders.get(before.id),
      () => orders.place(draft(newId(), [{ productId, quantity: 1 }]), keyFor(before)),
      () => inventory.adjust(productId, 1, 'restock'),
    ];
    for (const attempt of attempts) {
      const { ms, outcome } = await timed(attempt);
      expect(outcome.status).toBe('rejected');
      const error = (outcome as PromiseRejectedResult).reason;
      expect(error).toBeInstanceOf(UnavailableError);
      expect(error.retryAfterSeconds).toBeGreaterThan(0);
      expect(error.message).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
      expect(ms).toBeLessThan(BOUND_MS);
    }

    await server.startServer();
    const after = draft(newId(), [{ productId, quantity: 1 }]);
    expect((await orders.place(after, keyFor(after))).kind).toBe('placed');
    expect(await orders.get(before.id)).toEqual(before);
    expect(await inventory.get(productId)).toEqual({ productId, available: 98 });
  });

  it('stops mid-run: every in-flight placement settles in bounded time, all or nothing', async () => {
    const orders = createPostgresOrderStore(pool);
    const inventory = createPostgresInventoryStore(pool);
    const productId = newId();
    await inventory.set(productId, 1_000);

    const started = Date.now();
    const settled = Promise.allSettled(
      Array.from({ length: 60 }, async (_, i) => {
        // Spread over ~300 ms so the stop lands in the middle of the stream.
        await new Promise((resolve) => setTimeout(resolve, i * 5));
        const order = draft(newId(), [{ productId, quantity: 1 }]);
        return orders.place(order, keyFor(order));
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    await server.stopServer();
    const results = await settled;
    expect(Date.now() - started).toBeLessThan(BOUND_MS + 500);

    const placed = results.filter((result) => result.status === 'fulfilled');
    const failed = results.filter((result) => result.status === 'rejected');
    expect(placed.length).toBeGreaterThan(0);
    expect(failed.length).toBeGreaterThan(0);
    for (const failure of failed) expect(failure.reason).toBeInstanceOf(UnavailableError);

    await server.startServer();
    // A placement either committed whole (order, lines, stock) or left no trace: stock matches the orders.
    // (One whose COMMIT was lost in flight may have committed: stock and orders still agree.)
    const { rows } = await pool.query(
      'SELECT coalesce(sum(quantity), 0)::int AS sold FROM order_lines WHERE product_id = $1',
      [productId],
    );
    expect((await inventory.get(productId))?.available).toBe(1_000 - rows[0].sold);
    expect(rows[0].sold).toBeGreaterThanOrEqual(placed.length);
    const later = draft(newId(), [{ productId, quantity: 1 }]);
    expect((await orders.place(later, keyFor(later))).kind).toBe('placed');
  });
});
