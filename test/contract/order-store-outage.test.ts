import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresInventoryStore } from '../../src/adapters/postgres/inventory-store.js';
import { createPostgresPool } from '../../src/adapters/postgres/pool.js';
import { UnavailableError } from '../../src/domain/shared/errors.js';
import { newId } from '../../src/domain/shared/ids.js';
import { type DedicatedPostgres, startDedicatedPostgres } from '../support/postgres.js';
import { draft, draftOrderStore, keyFor } from './order-store-fixtures.js';

/**
 * What the driver said under the UnavailableError: the server went away (connection refused, the session
 * terminated by its shutdown, the socket closed), never a timeout waited out. How long a client waits at
 * most is the test's timeout, not an assertion: timings belong in benchmarks.
 */
function expectOutage(error: unknown): void {
  expect(error).toBeInstanceOf(UnavailableError);
  const causes: string[] = [];
  for (let cause = (error as Error).cause; cause instanceof Error; cause = cause.cause) {
    causes.push(`${(cause as { code?: string }).code ?? ''} ${cause.message}`);
  }
  expect(causes.join(' / ')).toMatch(/ECONNREFUSED|ECONNRESET|57P0[123]|Connection terminated|not queryable/);
  expect(causes.join(' / ')).not.toMatch(/timeout/i);
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

  it('answers UnavailableError, naming no address, while it is down, then works again with the same pool', async () => {
    const orders = draftOrderStore(pool);
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
      const error = await attempt().then(
        () => expect.fail('expected the call to fail while the database is down'),
        (caught: unknown) => caught,
      );
      expectOutage(error);
      expect((error as UnavailableError).retryAfterSeconds).toBeGreaterThan(0);
      expect((error as Error).message).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
    }

    await server.startServer();
    const after = draft(newId(), [{ productId, quantity: 1 }]);
    expect((await orders.place(after, keyFor(after))).kind).toBe('placed');
    expect(await orders.get(before.id)).toEqual(before);
    expect(await inventory.get(productId)).toEqual({ productId, available: 98 });
  });

  it('stops mid-run: every in-flight placement settles, placed or UnavailableError, all or nothing', async () => {
    const orders = draftOrderStore(pool);
    const inventory = createPostgresInventoryStore(pool);
    const productId = newId();
    await inventory.set(productId, 1_000);
    const placeOne = () => {
      const order = draft(newId(), [{ productId, quantity: 1 }]);
      return orders.place(order, keyFor(order));
    };

    // Eight clients place orders one after another. Once ten are placed the server stops under them (events,
    // not sleeps, decide when); a client whose placement fails waits for the stop to finish, then tries
    // once more, which must fail too.
    let placedCount = 0;
    let tenPlaced: () => void = () => {};
    const ten = new Promise<void>((resolve) => {
      tenPlaced = resolve;
    });
    let stopping = false;
    let stopDone: () => void = () => {};
    const stopped = new Promise<void>((resolve) => {
      stopDone = resolve;
    });
    const client = async () => {
      const outcomes: PromiseSettledResult<unknown>[] = [];
      for (;;) {
        const [outcome] = await Promise.allSettled([placeOne()]);
        outcomes.push(outcome as PromiseSettledResult<unknown>);
        if (outcome?.status === 'fulfilled' && ++placedCount === 10) tenPlaced();
        if (outcome?.status === 'rejected') {
          if (!stopping) throw outcome.reason; // failing before the stop would prove nothing below
          await stopped;
          outcomes.push(...(await Promise.allSettled([placeOne()])));
          return outcomes;
        }
      }
    };
    const clients = Promise.all(Array.from({ length: 8 }, client));
    await Promise.race([ten, clients]);
    stopping = true;
    await server.stopServer();
    stopDone();
    const perClient = await clients;

    const results = perClient.flat();
    const placed = results.filter((result) => result.status === 'fulfilled');
    const failed = results.filter((result) => result.status === 'rejected');
    expect(placed.length).toBeGreaterThanOrEqual(10);
    for (const failure of failed) expectOutage(failure.reason);
    // Each client's last try came after the server had stopped.
    for (const outcomes of perClient) expect(outcomes.at(-1)?.status).toBe('rejected');

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
