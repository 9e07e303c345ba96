import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresPool } from '../../src/adapters/postgres/pool.js';
import { type DedicatedPostgres, startDedicatedPostgres } from '../support/postgres.js';
import { JSON_HEADERS, json, productBody, startTestApi, type TestApi } from '../support/test-api.js';

// The driver's words under a 503 while the server is gone: refused, reset while connecting (the server
// closing as the connection arrives), terminated by its shutdown, closed.
const OUTAGE =
  /ECONNREFUSED|ECONNRESET|terminating connection|Connection terminated|not queryable|shutting down|starting up/;

describe('orders when PostgreSQL stops mid-run (a server of its own)', () => {
  let server: DedicatedPostgres;
  let pool: pg.Pool;
  let api: TestApi;
  let url: string;
  let admin: { authorization: string };
  let alice: { authorization: string };
  let productId: string;

  beforeAll(async () => {
    server = await startDedicatedPostgres();
    // Production timeouts, one pool for the whole file: recovery must not need a new pool or a restart.
    pool = createPostgresPool({ connectionString: server.connectionString, max: 10 });
    api = await startTestApi({ orderingDatabase: pool });
    url = (await api.listen()).url;
    admin = await api.auth('admin', 'ops');
    alice = await api.auth('customer', 'alice');
    await api.catalog.createCategory({ id: 'shop', name: 'Shop' });
    productId = (await api.catalog.createProduct(productBody({ categoryId: 'shop' }) as never)).id;
    const stocked = await fetch(`${url}/inventory/${productId}`, {
      method: 'PUT',
      headers: { ...admin, ...JSON_HEADERS },
      body: JSON.stringify({ available: 1_000 }),
    });
    expect(stocked.status).toBe(200);
  });
  afterAll(async () => {
    await api?.close();
    await pool?.end();
    await server?.close();
  });

  const place = (key: string) =>
    fetch(`${url}/orders`, {
      method: 'POST',
      headers: { ...alice, ...JSON_HEADERS, 'idempotency-key': key },
      body: JSON.stringify({ items: [{ productId, quantity: 1 }] }),
    });

  /**
   * A 503 problem that names nothing of the database, logged with its cause: the server went away, not a
   * timeout waited out. How long a client waits at most is the test's timeout, not an assertion.
   */
  async function expectUnavailable(response: Response): Promise<void> {
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    const problem = await json(response);
    expect(problem.status).toBe(503);
    expect(JSON.stringify(problem)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|postgres|terminat/i);
    const logged = api.logs.find(
      (line) => line.message === 'dependency unavailable' && line.fields?.requestId === problem.requestId,
    );
    const causes: string[] = [];
    type Described = { message?: string; cause?: Described };
    for (let c = (logged?.fields?.error as Described | undefined)?.cause; c !== undefined; c = c.cause) {
      causes.push(String(c.message));
    }
    expect(causes.join(' / ')).toMatch(OUTAGE);
    expect(causes.join(' / ')).not.toMatch(/timeout/i);
  }

  it('answers 503 with Retry-After while down, and serves again once it is back, same process', async () => {
    const before = await place('before-outage');
    expect(before.status).toBe(201);
    const order = await json(before);

    await server.stopServer();
    const attempts = [
      () => place('during-outage'),
      () => fetch(`${url}/orders/${order.id}`, { headers: alice }),
      () => fetch(`${url}/orders`, { headers: alice }),
      () => fetch(`${url}/inventory/${productId}`),
      () => fetch(`${url}/orders/${order.id}/cancel`, { method: 'POST', headers: alice }),
      () =>
        fetch(`${url}/reports/sales?from=2026-01-01&to=2026-02-01`, {
          headers: admin,
        }),
    ];
    for (const attempt of attempts) await expectUnavailable(await attempt());
    // The catalog lives elsewhere and keeps answering.
    expect((await fetch(`${url}/products/${productId}`)).status).toBe(200);

    await server.startServer();
    // The key of the failed attempt was not used up: its retry places the order now.
    const retried = await place('during-outage');
    expect(retried.status).toBe(201);
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
    expect((await fetch(`${url}/orders/${order.id}`, { headers: alice })).status).toBe(200);
    expect(await json(await fetch(`${url}/inventory/${productId}`))).toEqual({ productId, available: 998 });
    expect(api.logs.filter((line) => line.message === 'unhandled error')).toEqual([]);
  });

  it('stops under load: every request settles as 201 or 503, stock and orders agree', async () => {
    const start = await json(await fetch(`${url}/inventory/${productId}`));
    // Statuses in the order they were answered; the phases below wait for them, not for the clock.
    const results: number[] = [];
    const waiting: { ready: () => boolean; resolve: () => void }[] = [];
    const until = (ready: () => boolean) =>
      ready() ? Promise.resolve() : new Promise<void>((resolve) => waiting.push({ ready, resolve }));
    const count = (status: number, from = 0) => results.slice(from).filter((s) => s === status).length;
    let running = true;
    const worker = async (w: number) => {
      for (let i = 0; running; i++) {
        const response = await place(`load-${w}-${i}`);
        if (response.status === 503) await expectUnavailable(response);
        else {
          expect(response.status).toBe(201);
          await response.arrayBuffer();
        }
        results.push(response.status);
        for (const waiter of waiting.filter(({ ready }) => ready())) {
          waiting.splice(waiting.indexOf(waiter), 1);
          waiter.resolve();
        }
      }
    };
    const workers = Promise.all(Array.from({ length: 6 }, (_, w) => worker(w)));
    // A worker's failed expectation ends the wait at once instead of leaving it to the timeout.
    const phase = (ready: () => boolean) => Promise.race([until(ready), workers]);

    await phase(() => count(201) >= 6);
    await server.stopServer();
    const stoppedAt = results.length;
    await phase(() => count(503, stoppedAt) >= 6);
    await server.startServer();
    const restartedAt = results.length;
    // Keep going until the service has visibly recovered: six orders in a row placed after the restart.
    await phase(() => results.length - restartedAt >= 6 && results.slice(-6).every((s) => s === 201));
    running = false;
    await workers;

    expect(new Set(results)).toEqual(new Set([201, 503]));
    expect(count(201, 0)).toBeGreaterThanOrEqual(6);
    expect(results.slice(-6).every((s) => s === 201)).toBe(true);

    // A 503 may hide a commit whose answer was lost: count what the database holds, not what clients saw.
    let held = 0;
    let cursor: string | null = null;
    do {
      const query: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
      const page = await json(await fetch(`${url}/orders?limit=100${query}`, { headers: alice }));
      held += page.items.filter((o: { status: string }) => o.status === 'placed').length;
      cursor = page.nextCursor;
    } while (cursor !== null);
    const now = await json(await fetch(`${url}/inventory/${productId}`));
    const placedBefore = 2; // the two orders of the first test
    expect(now.available).toBe(start.available - (held - placedBefore));
    expect(count(201)).toBeLessThanOrEqual(held - placedBefore);
  }, 120_000);
});
