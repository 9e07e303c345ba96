import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresPool } from '../../src/adapters/postgres/pool.js';
import { type DedicatedPostgres, startDedicatedPostgres } from '../support/postgres.js';
import { JSON_HEADERS, json, productBody, startTestApi, type TestApi } from '../support/test-api.js';

// What a client may wait at most for its answer while the database is gone: never a hang.
const BOUND_MS = 5_000;

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

  async function timed(request: () => Promise<Response>): Promise<{ response: Response; ms: number }> {
    const started = Date.now();
    const response = await request();
    return { response, ms: Date.now() - started };
  }

  async function expectUnavailable(response: Response): Promise<void> {
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    const problem = await json(response);
    expect(problem.status).toBe(503);
    expect(JSON.stringify(problem)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|postgres|terminat/i);
  }

  it('answers 503 with Retry-After quickly while down, and serves again once it is back, same process', async () => {
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
    for (const attempt of attempts) {
      const { response, ms } = await timed(attempt);
      await expectUnavailable(response);
      expect(ms).toBeLessThan(BOUND_MS);
    }
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

  it('stops under load: every request settles in bounded time as 201 or 503, stock and orders agree', async () => {
    const start = await json(await fetch(`${url}/inventory/${productId}`));
    const results: { status: number; ms: number }[] = [];
    let stopAt = 0;
    let running = true;
    const worker = async (w: number) => {
      for (let i = 0; running; i++) {
        const { response, ms } = await timed(() => place(`load-${w}-${i}`));
        if (response.status === 503) await expectUnavailable(response);
        else await response.arrayBuffer();
        results.push({ status: response.status, ms });
      }
    };
    const workers = Array.from({ length: 6 }, (_, w) => worker(w));
    await new Promise((resolve) => setTimeout(resolve, 300));
    stopAt = results.length;
    await server.stopServer();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await server.startServer();
    // Keep going until the service has visibly recovered.
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline && results.slice(-6).some((r) => r.status !== 201)) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    running = false;
    await Promise.all(workers);

    expect(stopAt).toBeGreaterThan(0);
    expect(new Set(results.map((r) => r.status))).toEqual(new Set([201, 503]));
    expect(Math.max(...results.map((r) => r.ms))).toBeLessThan(BOUND_MS);
    expect(results.slice(-6).every((r) => r.status === 201)).toBe(true);

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
    expect(results.filter((r) => r.status === 201).length).toBeLessThanOrEqual(held - placedBefore);
  });
});
