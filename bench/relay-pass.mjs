// The order event relay's pass on PostgreSQL: `relay_take` (migration 0008: the locking reads in one call of a
// PL/pgSQL function, whose plans PostgreSQL keeps, and a commit that does not wait for the WAL flush) against
// the baseline in the same run: the same locking reads as two statements sent from the client, planned every
// time, with a durable commit (the relay before 0008). Measured: PostgreSQL's CPU per order relayed, for passes
// of one order (every order on Lambda: an invocation places one and waits for its pass) and of 50 (a busy
// server's kicks gathered), sides alternating per round, on the durable embedded PostgreSQL.
// Usage: node bench/relay-pass.mjs [--orders 2000] [--rounds 3] [--concurrency 4]
// Prints per round and side: CPU ms per order and passes/s; then medians with the spread of the rounds.
import { readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { tsImport } from 'tsx/esm/api';
import { startBenchPostgres, treeCpuMs } from './lib/harness.mjs';
import { median, printTable, writeResult } from './lib/report.mjs';

const { values: args } = parseArgs({
  options: {
    help: { type: 'boolean', default: false },
    orders: { type: 'string', default: '2000' },
    rounds: { type: 'string', default: '3' },
    // Passes in flight at once (as kicks from several requests); passes of 50 run one at a time.
    concurrency: { type: 'string', default: '4' },
  },
});
if (args.help) {
  const source = await readFile(new URL(import.meta.url), 'utf8');
  console.log(source.split('\nimport ')[0].replaceAll(/^\/\/ ?/gm, ''));
  process.exit(0);
}
const orderCount = Number(args.orders);
const rounds = Number(args.rounds);
const concurrency = Number(args.concurrency);

const { migrate } = await tsImport('../src/adapters/postgres/migrate.ts', import.meta.url);
const { createPostgresInventoryStore } = await tsImport(
  '../src/adapters/postgres/inventory-store.ts',
  import.meta.url,
);
const { createPostgresOrderEventOutbox } = await tsImport(
  '../src/adapters/postgres/order-event-outbox.ts',
  import.meta.url,
);
const { createDirectPlacer } = await tsImport('./lib/order-kit.ts', import.meta.url);

// The relay's two locking statements before migration 0008, word for word, for the baseline.
const FIRST_UNPUBLISHED = `SELECT min(h.sequence) FILTER (WHERE h.published_at IS NULL)
  FROM order_events h WHERE h.order_id = e.order_id`;
const NAMED_HEADS = `SELECT e.order_id FROM order_events e
  WHERE e.order_id = ANY($1::text[]) AND e.sequence = (${FIRST_UNPUBLISHED})
  ORDER BY e.position
  FOR UPDATE OF e SKIP LOCKED`;
const HEAD_ON_EVENTS = `SELECT id FROM order_events e
  WHERE e.order_id = ANY($1::text[]) AND e.sequence >= (${FIRST_UNPUBLISHED})
  ORDER BY e.position
  FOR UPDATE`;

const database = await startBenchPostgres({ durable: true });
const pool = new pg.Pool({ connectionString: database.connectionString, max: concurrency + 2 });
try {
  await migrate(pool);
  await pool.query(
    `INSERT INTO tax_rates (country, standard, reduced, zero, updated_at) VALUES ('DE', 19, 7, 0, now())`,
  );
  const products = Array.from({ length: 100 }, (_, i) => product(i));
  const inventory = createPostgresInventoryStore(pool);
  for (const item of products) await inventory.set(item.id, 1_000_000_000);
  const placer = createDirectPlacer(database.connectionString, 8);
  const outbox = createPostgresOrderEventOutbox(pool);
  const publishAll = async (events) => events.map((event) => event.id);

  let placedSoFar = 0;
  /** `count` placed orders (untimed), each with its order.placed event unpublished. */
  async function placeOrders(count) {
    const ids = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < count) {
          const i = placedSoFar + next++;
          ids.push(await placer.viaStore(`bench-customer-${i % 64}`, products[i % products.length]));
        }
      }),
    );
    placedSoFar += count;
    return ids;
  }

  const sides = {
    /** The relay before migration 0008: two locking statements from the client, a durable commit. */
    statements: async (orderIds) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN ISOLATION LEVEL READ COMMITTED');
        const heads = await client.query(NAMED_HEADS, [orderIds]);
        const { rows } = await client.query(HEAD_ON_EVENTS, [heads.rows.map((row) => row.order_id)]);
        await client.query('UPDATE order_events SET published_at = now() WHERE id = ANY($1::text[])', [
          rows.map((row) => row.id),
        ]);
        await client.query('COMMIT');
        return rows.length;
      } finally {
        client.release();
      }
    },
    /** The relay as shipped (src/adapters/postgres/order-event-outbox.ts). */
    relay_take: async (orderIds) => (await outbox.relay(orderIds.length, publishAll, orderIds)).published,
  };

  async function relayAll(side, orderIds, perPass) {
    const batches = [];
    for (let i = 0; i < orderIds.length; i += perPass) batches.push(orderIds.slice(i, i + perPass));
    let next = 0;
    let published = 0;
    const lanes = perPass === 1 ? concurrency : 1;
    await Promise.all(
      Array.from({ length: lanes }, async () => {
        while (next < batches.length) {
          // Not `published += await ...`: that reads `published` before the await, losing other lanes' counts.
          const count = await sides[side](batches[next++]);
          published += count;
        }
      }),
    );
    return published;
  }

  const results = [];
  for (let roundIndex = 0; roundIndex < rounds; roundIndex++) {
    for (const perPass of [1, 50]) {
      const order = Object.keys(sides);
      if (roundIndex % 2 === 1) order.reverse();
      for (const side of order) {
        const orderIds = await placeOrders(orderCount);
        // Every side starts from a checkpointed, vacuumed table: none pays for another's WAL or dead rows.
        await pool.query('VACUUM order_events');
        await pool.query('CHECKPOINT');
        const cpuBefore = treeCpuMs(database.pid);
        const started = performance.now();
        const published = await relayAll(side, orderIds, perPass);
        const wallMs = performance.now() - started;
        const cpuMs = treeCpuMs(database.pid) - cpuBefore;
        if (published !== orderIds.length) {
          throw new Error(`${side}: published ${published} events of ${orderIds.length} orders`);
        }
        const { rows } = await pool.query(
          'SELECT count(*)::int AS n FROM order_events WHERE order_id = ANY($1::text[]) AND published_at IS NULL',
          [orderIds],
        );
        if (rows[0].n !== 0) throw new Error(`${side}: ${rows[0].n} events left unpublished`);
        results.push({
          round: roundIndex + 1,
          side,
          perPass,
          cpuMsPerOrder: cpuMs / orderIds.length,
          passesPerS: Math.ceil(orderIds.length / perPass) / (wallMs / 1000),
          load: Number(loadavg()[0].toFixed(2)),
        });
      }
    }
  }

  printTable(
    'per round: PostgreSQL CPU ms per order relayed, passes per second',
    results.map((r) => ({
      round: r.round,
      'orders per pass': r.perPass,
      side: r.side,
      'CPU ms / order': r.cpuMsPerOrder,
      'passes/s': r.passesPerS,
      'load (1 min)': r.load,
    })),
  );
  const summary = [];
  for (const perPass of [1, 50]) {
    const of = (side) => results.filter((r) => r.side === side && r.perPass === perPass);
    const ratios = of('relay_take').map((r, i) => r.cpuMsPerOrder / of('statements')[i].cpuMsPerOrder);
    summary.push({
      'orders per pass': perPass,
      'statements CPU ms / order': median(of('statements').map((r) => r.cpuMsPerOrder)),
      'relay_take CPU ms / order': median(of('relay_take').map((r) => r.cpuMsPerOrder)),
      'relay_take / statements': median(ratios),
      'min-max': `${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)}`,
    });
  }
  printTable(
    `${orderCount} orders per side and round, ${rounds} rounds; passes of one order ${concurrency} at a time (medians; min-max: the spread of the per-round ratios)`,
    summary,
  );
  await writeResult('relay-pass', { orderCount, rounds, concurrency, results, summary });
} finally {
  await pool.end();
  await database.stop();
}

/** A catalog product as checkout reads it (the store never looks it up: the order carries its snapshot). */
function product(i) {
  const at = new Date().toISOString();
  return {
    id: `bench-relay-${String(i).padStart(3, '0')}`,
    sku: `RELAY-${i}`,
    name: `Relay bench product ${i}`,
    price: { amount: 1450, currency: 'EUR' },
    categoryId: 'bench',
    status: 'active',
    attributes: {},
    taxClass: 'standard',
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
}
