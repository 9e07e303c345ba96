// POST /orders on the container server (dist/server/index.mjs) against the same placement transaction
// issued directly with the driver, same PostgreSQL, same run, same concurrency, rounds alternating; for one
// hot product (every order locks the same stock row) and for distinct products (one order per product).
// Usage: node bench/orders.mjs [--duration 4] [--connections 16,64] [--rounds 3] [--products 1000]
//   [--pool 10] [--sides http,store,raw] [--durable true] [--server-flags=--cpu-prof]
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { tsImport } from 'tsx/esm/api';
import {
  buildDist,
  closedLoop,
  DYNAMODB_STAND_IN,
  dockerfileNodeFlags,
  startBenchPostgres,
  startContainerServer,
  startDynamoDbProcess,
  treeCpuMs,
} from './lib/harness.mjs';
import { median, printTable, repoRoot, writeResult } from './lib/report.mjs';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '4' },
    connections: { type: 'string', default: '16,64' },
    rounds: { type: 'string', default: '3' },
    products: { type: 'string', default: '1000' },
    pool: { type: 'string', default: '10' },
    sides: { type: 'string', default: 'http,store,raw' },
    durable: { type: 'string', default: 'true' },
    // Extra Node flags for the server, space-separated: `--server-flags='--cpu-prof --cpu-prof-dir=/tmp/prof'`.
    'server-flags': { type: 'string', default: '' },
  },
});
const durationS = Number(args.duration);
const connectionLevels = args.connections.split(',').map(Number);
const rounds = Number(args.rounds);
const productCount = Number(args.products);
const poolMax = Number(args.pool);
const sides = args.sides.split(',');
const durable = args.durable !== 'false';
const TABLE = 'slimshop';
// Enough that no side ever sells out: every measured order is a placed one (201), never a 409.
const HOT_STOCK = 1_000_000_000;
const DISTINCT_STOCK = 1_000_000;
const CUSTOMERS = 64;

const kit = await tsImport('./lib/order-kit.ts', import.meta.url);
buildDist();
const workDir = await mkdtemp(join(tmpdir(), 'slimshop-bench-orders-'));
const cleanups = [() => rm(workDir, { recursive: true, force: true })];
try {
  await main();
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
}
process.exit(0);

async function main() {
  // 1. DynamoDB Local in its own process, the catalog written through the catalog service.
  const dynamodb = await startDynamoDbProcess();
  const { endpoint } = dynamodb;
  const prepared = execFileSync(
    process.execPath,
    [
      '--import',
      'tsx',
      join(repoRoot, 'bench/lib/prepare-catalog.ts'),
      endpoint,
      TABLE,
      String(productCount),
    ],
    { cwd: repoRoot, encoding: 'utf8' },
  );
  const { productId: hotId } = JSON.parse(prepared.trim().split('\n').at(-1));

  // 2. PostgreSQL (embedded, real binaries) and a JWKS serving the key the bench signs tokens with.
  const database = await startBenchPostgres({ durable });
  cleanups.push(() => database.stop());
  const issuer = await kit.startTokenIssuer(workDir);
  cleanups.push(() => issuer.close());

  // 3. The built container server, migrating the database at start.
  const server = await startContainerServer(
    {
      TABLE_NAME: TABLE,
      AWS_REGION: 'us-east-1',
      DYNAMODB_ENDPOINT: endpoint,
      JWKS_URL: issuer.jwksUrl,
      JWT_ISSUER: issuer.issuer,
      DATABASE_URL: database.connectionString,
      DATABASE_POOL_MAX: String(poolMax),
      MIGRATE_ON_START: 'true',
    },
    args['server-flags'].split(' ').filter(Boolean),
  );
  // Before the database stops, or its pool would log every connection the shutdown kills.
  cleanups.push(() => server.stop());
  const { base } = server;

  // 4. Stock for the hot product and the distinct ones, through the inventory API.
  const admin = await issuer.sign('bench-admin', ['admin']);
  const hot = await getJson(`${base}/products/${hotId}`);
  const distinct = (await listProducts(base))
    .filter((p) => p.sku.startsWith('BENCH-'))
    .slice(0, productCount);
  if (distinct.length < productCount) throw new Error(`only ${distinct.length} bench products listed`);
  await stock(base, admin, [[hot.id, HOT_STOCK], ...distinct.map((product) => [product.id, DISTINCT_STOCK])]);

  const tokens = await Promise.all(
    Array.from({ length: CUSTOMERS }, (_, i) => issuer.sign(`bench-customer-${i}`, ['customer'])),
  );
  const direct = kit.createDirectPlacer(database.connectionString, poolMax);
  cleanups.push(() => direct.close());

  let sequence = 0;
  const scenarios = {
    hot: { label: 'one hot product', pick: () => hot },
    distinct: {
      label: `${productCount} distinct products`,
      pick: () => distinct[sequence % distinct.length],
    },
  };
  // What the clients saw succeed; autocannon drops requests still in flight at the end of a run, which the
  // server may still commit, so the database may hold up to that many more HTTP orders.
  const placed = { http: 0, direct: 0, httpInFlightAtEnd: 0 };

  // Where the CPU goes, per order: with 2 cores and four busy processes, throughput is CPU-bound.
  const cpuNow = () => ({
    bench: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
    server: treeCpuMs(server.pid),
    dynamodb: treeCpuMs(dynamodb.pid),
    postgres: treeCpuMs(database.pid),
  });

  async function measure(side, scenario, connections, seconds) {
    const before = cpuNow();
    const result = await load(side, scenario, connections, seconds);
    const after = cpuNow();
    const cpuMsPerOrder = Object.fromEntries(
      Object.keys(before).map((who) => [who, (after[who] - before[who]) / result.count]),
    );
    return { ...result, cpuMsPerOrder };
  }

  async function load(side, scenario, connections, seconds) {
    if (side === 'http') return httpLoad(scenario, connections, seconds);
    const place = side === 'store' ? direct.viaStore : direct.viaRawSql;
    const result = await closedLoop(
      () => {
        const i = sequence++;
        return place(`bench-customer-${i % CUSTOMERS}`, scenario.pick());
      },
      { connections, seconds },
    );
    placed.direct += result.count;
    return result;
  }

  async function httpLoad(scenario, connections, seconds) {
    const result = await autocannon({
      url: base,
      connections,
      duration: seconds,
      requests: [
        {
          method: 'POST',
          path: '/orders',
          setupRequest: (request) => {
            const i = sequence++;
            return {
              ...request,
              headers: {
                'content-type': 'application/json',
                authorization: `Bearer ${tokens[i % CUSTOMERS]}`,
                'idempotency-key': `bench-${i}`,
              },
              body: JSON.stringify({ items: [{ productId: scenario.pick().id, quantity: 1 }] }),
            };
          },
        },
      ],
    });
    if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0)
      throw new Error(
        `POST /orders: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`,
      );
    placed.http += result['2xx'];
    placed.httpInFlightAtEnd += connections;
    return {
      rps: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      count: result['2xx'],
    };
  }

  // Warm both sides up (JIT, sockets, pools) before measuring.
  for (const scenario of Object.values(scenarios)) {
    for (const side of sides) await measure(side, scenario, connectionLevels[0], 2);
  }

  const results = [];
  for (const connections of connectionLevels) {
    for (let roundIndex = 0; roundIndex < rounds; roundIndex++) {
      for (const [name, scenario] of Object.entries(scenarios)) {
        // Rotate which side goes first, so drift in machine load favours none.
        const order = sides.map((_, i) => sides[(i + roundIndex) % sides.length]);
        const measured = {};
        for (const side of order) measured[side] = await measure(side, scenario, connections, durationS);
        results.push({ round: roundIndex + 1, scenario: name, connections, ...measured });
      }
    }
  }

  const summary = [];
  for (const connections of connectionLevels) {
    for (const [name, scenario] of Object.entries(scenarios)) {
      const rows = results.filter((r) => r.scenario === name && r.connections === connections);
      const row = { scenario: scenario.label, connections };
      for (const side of sides) {
        for (const key of ['rps', 'p50', 'p99']) {
          row[`${side} ${key === 'rps' ? 'req/s' : `${key} ms`}`] = median(rows.map((r) => r[side][key]));
        }
      }
      for (const side of sides.filter((s) => s !== 'http')) {
        if (sides.includes('http')) row[`http/${side}`] = median(rows.map((r) => r.http.rps / r[side].rps));
      }
      summary.push(row);
    }
  }

  const cpu = [];
  for (const connections of connectionLevels) {
    for (const [name, scenario] of Object.entries(scenarios)) {
      const rows = results.filter((r) => r.scenario === name && r.connections === connections);
      for (const side of sides) {
        const row = { scenario: scenario.label, connections, side };
        for (const who of ['bench', 'server', 'dynamodb', 'postgres']) {
          row[who] = median(rows.map((r) => r[side].cpuMsPerOrder[who]));
        }
        row.total = row.bench + row.server + row.dynamodb + row.postgres;
        cpu.push(row);
      }
    }
  }

  const check = await verifyDatabase(database.connectionString, hot.id, placed);
  printTable(
    `POST /orders (1 line, quantity 1), ${durationS} s x ${rounds} rounds, server pool ${poolMax}, durable ${durable}`,
    summary,
  );
  printTable('CPU ms per order (medians; bench = load generator or direct client)', cpu);
  console.log(
    `\ncheck: ${check.orders} orders in PostgreSQL for ${placed.http} answered 201 + ${placed.direct} placed directly; ` +
      `stock sold ${check.unitsSold} = order lines ${check.lineUnits}`,
  );
  await writeResult('orders', {
    settings: {
      connections: connectionLevels,
      durationS,
      rounds,
      distinctProducts: productCount,
      poolMax,
      durable,
      sides,
      dynamodb: DYNAMODB_STAND_IN,
      nodeFlags: dockerfileNodeFlags(),
    },
    summary,
    cpuMsPerOrder: cpu,
    check,
    rounds: results,
  });
}

/**
 * Every order a client saw placed is in the database (plus at most the HTTP requests cut off at the end of
 * each run), and the stock dropped by exactly the units the order lines hold: nothing lost, nothing oversold.
 */
async function verifyDatabase(connectionString, hotId, placed) {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT (SELECT count(*) FROM orders)::int AS orders,
              (SELECT coalesce(sum(quantity), 0) FROM order_lines)::int AS "lineUnits",
              (SELECT sum(CASE WHEN product_id = $1 THEN $2 - available ELSE $3 - available END)
                 FROM inventory)::int AS "unitsSold"`,
      [hotId, HOT_STOCK, DISTINCT_STOCK],
    );
    const check = rows[0];
    const seen = placed.http + placed.direct;
    if (
      check.orders < seen ||
      check.orders > seen + placed.httpInFlightAtEnd ||
      check.unitsSold !== check.lineUnits
    )
      throw new Error(`database check failed: ${JSON.stringify({ ...check, placed })}`);
    return check;
  } finally {
    await client.end();
  }
}

async function getJson(url, init) {
  const response = await fetch(url, init);
  if (!response.ok)
    throw new Error(`${init?.method ?? 'GET'} ${url}: ${response.status} ${await response.text()}`);
  return response.json();
}

async function listProducts(base) {
  const products = [];
  let cursor = null;
  do {
    const page = await getJson(
      `${base}/products?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    products.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return products;
}

async function stock(base, token, levels) {
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < levels.length; i = next++) {
      const [productId, available] = levels[i];
      await getJson(`${base}/inventory/${productId}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ available }),
      });
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}
