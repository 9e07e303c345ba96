// POST /orders on the container server (dist/server/index.mjs) against the same placement transaction
// issued directly with the driver, same PostgreSQL, same run, same concurrency, rounds alternating; for one
// hot product (every order locks the same stock row), for distinct products (one order per product), and
// for a guest's full checkout (a 3-line cart, shipping, tax at three rates, a discount code). Two raw-SQL
// floors for the one-line orders: `raw` writes the bare order (stock, order, line), `raw-same` ("raw SQL,
// same rows") writes in one statement every row the store writes (with the idempotency record and the event),
// so store / raw is what the features cost and store / raw-same the store's own overhead.
// Usage: node bench/orders.mjs [--duration 4] [--connections 16,64] [--rounds 3] [--products 1000]
//   [--pool 10] [--sides http,store,raw,raw-same] [--scenarios hot,distinct,checkout] [--durable true]
//   [--warmup 2] [--server-flags=--cpu-prof]
// Prints per round: req/s of each side, the CPU other work used meanwhile, and the 1-minute load average.
// A short run: --duration 2 --connections 16 --rounds 1 --products 100 --scenarios checkout
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
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
    help: { type: 'boolean', default: false },
    duration: { type: 'string', default: '4' },
    connections: { type: 'string', default: '16,64' },
    rounds: { type: 'string', default: '3' },
    products: { type: 'string', default: '1000' },
    pool: { type: 'string', default: '10' },
    sides: { type: 'string', default: 'http,store,raw,raw-same' },
    scenarios: { type: 'string', default: 'hot,distinct,checkout' },
    durable: { type: 'string', default: 'true' },
    // Seconds each side runs untimed right before its timed part (its caches and pools in their steady state).
    warmup: { type: 'string', default: '2' },
    // Extra Node flags for the server, space-separated: `--server-flags='--cpu-prof --cpu-prof-dir=/tmp/prof'`.
    'server-flags': { type: 'string', default: '' },
  },
});
if (args.help) {
  const source = await readFile(new URL(import.meta.url), 'utf8');
  console.log(source.split('\nimport ')[0].replaceAll(/^\/\/ ?/gm, ''));
  process.exit(0);
}
const durationS = Number(args.duration);
const connectionLevels = args.connections.split(',').map(Number);
const rounds = Number(args.rounds);
const productCount = Number(args.products);
const poolMax = Number(args.pool);
const sides = args.sides.split(',');
// The floors: one SQL statement each, for the one-line orders only (they know nothing of carts or tax choices).
const FLOORS = ['raw', 'raw-same'];
const unknownSides = sides.filter((side) => !['http', 'store', ...FLOORS].includes(side));
if (unknownSides.length > 0) throw new Error(`unknown sides: ${unknownSides.join(', ')}`);
const scenarioNames = args.scenarios.split(',');
const unknownScenarios = scenarioNames.filter((name) => !['hot', 'distinct', 'checkout'].includes(name));
if (unknownScenarios.length > 0) throw new Error(`unknown scenarios: ${unknownScenarios.join(', ')}`);
const durable = args.durable !== 'false';
const warmupS = Number(args.warmup);
const TABLE = 'slimshop';
// Enough that no side ever sells out: every measured order is a placed one (201), never a 409.
const HOT_STOCK = 1_000_000_000;
const DISTINCT_STOCK = 1_000_000;
const CUSTOMERS = 64;
// The checkout scenario: this many guest carts, each with its own 3 products (standard, reduced and zero
// tax class), ordered round robin; every order redeems the same discount code (no maxRedemptions).
const CARTS = 64;
const CHECKOUT_STOCK = DISTINCT_STOCK;
const DISCOUNT_CODE = 'BENCH10';
const berlin = {
  name: 'Bench Guest',
  line1: 'Unter den Linden 1',
  postalCode: '10117',
  city: 'Berlin',
  country: 'DE',
};
// [tax class, price in cents, quantity] of a checkout cart's three lines.
const CHECKOUT_LINES = [
  ['standard', 1450, 1],
  ['reduced', 895, 2],
  ['zero', 1200, 1],
];

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
      // The direct checkout prices with kit.TAX_POLICY: the server must tax the same way.
      PRICES_INCLUDE_TAX: String(kit.TAX_POLICY.pricesIncludeTax),
      SHOP_COUNTRY: kit.TAX_POLICY.shopCountry,
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

  // 5. The full checkout, set up through the API as a shop and its guests would: DE tax rates, a shipping
  // method serving DE, a discount code, products of the three tax classes, guest carts filled line by line.
  const checkout = scenarioNames.includes('checkout')
    ? await prepareCheckout(base, admin, hot.categoryId, direct)
    : undefined;

  let sequence = 0;
  const allScenarios = {
    hot: { label: 'one hot product', sides, pick: () => hot },
    distinct: {
      label: `${productCount} distinct products`,
      sides,
      pick: () => distinct[sequence % distinct.length],
    },
    checkout: {
      label: 'guest checkout, 3 lines',
      // No raw floor for it: the raw statements know nothing of tax, shipping or discount codes.
      sides: sides.filter((side) => !FLOORS.includes(side)),
    },
  };
  const scenarios = Object.fromEntries(
    scenarioNames
      .filter((name) => allScenarios[name].sides.length > 0)
      .map((name) => [name, allScenarios[name]]),
  );
  // What the clients saw succeed; autocannon drops requests still in flight at the end of a run, which the
  // server may still commit, so the database may hold up to that many more HTTP orders.
  const placed = { http: 0, direct: 0, httpInFlightAtEnd: 0, checkoutHttp: 0, checkoutDirect: 0 };
  if (checkout !== undefined) {
    // The two orders of the pricing check in prepareCheckout.
    placed.http += 1;
    placed.direct += 1;
    placed.checkoutHttp += 1;
    placed.checkoutDirect += 1;
  }
  // Before anything is timed: the same-rows floor must write what the store writes.
  const sameRows =
    sides.includes('raw-same') && Object.keys(scenarios).some((name) => name !== 'checkout')
      ? await checkSameRows(direct, database.connectionString, distinct[0])
      : undefined;
  if (sameRows !== undefined) placed.direct += 2;

  // Where the CPU goes, per order: with 2 cores and four busy processes, throughput is CPU-bound.
  const cpuNow = () => ({
    bench: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
    server: treeCpuMs(server.pid),
    dynamodb: treeCpuMs(dynamodb.pid),
    postgres: treeCpuMs(database.pid),
  });

  // The server publishes every event in the outbox, whoever placed its order: its own placements kick the
  // relay, and a sweep every 5 s takes what is left, such as the events of the orders the direct sides
  // placed. Each measurement starts with none unpublished, so the HTTP side pays for relaying its own
  // orders' events (as a server does in production), and no side for another's.
  const outbox = new pg.Client({ connectionString: database.connectionString });
  await outbox.connect();
  cleanups.push(() => outbox.end());
  async function outboxDrained() {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const { rows } = await outbox.query(
        'SELECT EXISTS (SELECT 1 FROM order_events WHERE published_at IS NULL) AS waiting',
      );
      if (!rows[0].waiting) return;
      if (Date.now() > deadline) throw new Error('the server left order events unpublished for 30 s');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  // The order tables' dead rows (updated stock, published events) are vacuumed before each side starts, so
  // no side's round pays for the vacuum of another side's writes (the direct sides write 2-4x the rows).
  const ORDER_TABLES = 'inventory, orders, order_lines, order_requests, order_events, discount_codes';

  async function measure(side, scenario, connections, seconds) {
    await outboxDrained();
    await outbox.query(`VACUUM ${ORDER_TABLES}`);
    // Untimed, the same load first: a server that takes orders steadily has the products they name in its
    // product cache (PRODUCT_CACHE_SECONDS), as often as that rate allows; right after another side's round
    // it would have none. The warm-up's events are relayed before the timed part; its dead rows are its own.
    if (warmupS > 0) {
      await load(side, scenario, connections, warmupS);
      await outboxDrained();
    }
    const before = cpuNow();
    const busyBefore = machineBusyMs();
    const started = performance.now();
    const result = await load(side, scenario, connections, seconds);
    const busy = machineBusyMs() - busyBefore;
    const wallMs = performance.now() - started;
    const after = cpuNow();
    const used = Object.fromEntries(Object.keys(before).map((who) => [who, after[who] - before[who]]));
    const cpuMsPerOrder = Object.fromEntries(Object.keys(used).map((who) => [who, used[who] / result.count]));
    // The cores that work outside this bench's four processes kept busy meanwhile (tests, builds, ...).
    const ours = Object.values(used).reduce((sum, ms) => sum + ms, 0);
    const otherCores = Math.max(0, busy - ours) / wallMs;
    return { ...result, cpuMsPerOrder, otherCores };
  }

  async function load(side, scenario, connections, seconds) {
    if (scenario === scenarios.checkout) {
      if (side === 'http') return httpLoad(scenario, connections, seconds);
      // Timed: the store call only (with the in-memory Placement the use case builds), as the HTTP side
      // times POST /orders only; the carts and products were read before.
      const result = await closedLoop(
        () => {
          const i = sequence++;
          return direct.viaStoreCheckout(checkout.guests[i % CARTS].direct, `bench-checkout-${i}`);
        },
        { connections, seconds },
      );
      placed.direct += result.count;
      placed.checkoutDirect += result.count;
      return result;
    }
    if (side === 'http') return httpLoad(scenario, connections, seconds);
    const place = { store: direct.viaStore, raw: direct.viaRawSql, 'raw-same': direct.viaRawSqlSameRows }[
      side
    ];
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
            if (scenario === scenarios.checkout) {
              // A guest: no Authorization; the key is scoped to the cart (requester guest:<cartId>).
              return {
                ...request,
                headers: { 'content-type': 'application/json', 'idempotency-key': `bench-checkout-${i}` },
                body: checkout.guests[i % CARTS].body,
              };
            }
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
    if (scenario === scenarios.checkout) placed.checkoutHttp += result['2xx'];
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
    for (const side of scenario.sides) await measure(side, scenario, connectionLevels[0], 2);
  }

  const results = [];
  for (const connections of connectionLevels) {
    for (let roundIndex = 0; roundIndex < rounds; roundIndex++) {
      for (const [name, scenario] of Object.entries(scenarios)) {
        // Rotate which side goes first, so drift in machine load favours none.
        const { sides: its } = scenario;
        const order = its.map((_, i) => its[(i + roundIndex) % its.length]);
        const measured = {};
        for (const side of order) measured[side] = await measure(side, scenario, connections, durationS);
        // Other work on the machine moves every number: how many cores it took during the round, on average.
        const otherCores = median(order.map((side) => measured[side].otherCores));
        const load = Number(loadavg()[0].toFixed(2));
        results.push({ round: roundIndex + 1, scenario: name, connections, otherCores, load, ...measured });
      }
    }
  }

  // Per scenario and concurrency: each side's medians over the rounds, the ratio http / side taken within
  // each round (same machine load), its median and its spread (min-max over the rounds).
  const summary = [];
  for (const connections of connectionLevels) {
    for (const [name, scenario] of Object.entries(scenarios)) {
      const rows = results.filter((r) => r.scenario === name && r.connections === connections);
      const row = { scenario: scenario.label, connections };
      for (const side of sides) {
        for (const key of ['rps', 'p50', 'p99']) {
          row[`${side} ${key === 'rps' ? 'req/s' : `${key} ms`}`] = scenario.sides.includes(side)
            ? median(rows.map((r) => r[side][key]))
            : null;
        }
      }
      for (const side of sides.filter((s) => s !== 'http')) {
        if (!sides.includes('http')) continue;
        const ratios = scenario.sides.includes(side) ? rows.map((r) => r.http.rps / r[side].rps) : [];
        row[`http/${side}`] = ratios.length > 0 ? median(ratios) : null;
        row[`http/${side} min`] = ratios.length > 0 ? Math.min(...ratios) : null;
        row[`http/${side} max`] = ratios.length > 0 ? Math.max(...ratios) : null;
      }
      // The store against each floor, within each round.
      for (const floor of FLOORS) {
        if (!sides.includes('store') || !sides.includes(floor)) continue;
        const ratios = scenario.sides.includes(floor) ? rows.map((r) => r.store.rps / r[floor].rps) : [];
        row[`store/${floor}`] = ratios.length > 0 ? median(ratios) : null;
        row[`store/${floor} min`] = ratios.length > 0 ? Math.min(...ratios) : null;
        row[`store/${floor} max`] = ratios.length > 0 ? Math.max(...ratios) : null;
      }
      row.rounds = Object.fromEntries(
        scenario.sides.map((side) => [side, rows.map((r) => Math.round(r[side].rps))]),
      );
      row.otherCores = rows.map((r) => Number(r.otherCores.toFixed(2)));
      row.load = rows.map((r) => r.load);
      summary.push(row);
    }
  }

  const cpu = [];
  for (const connections of connectionLevels) {
    for (const [name, scenario] of Object.entries(scenarios)) {
      const rows = results.filter((r) => r.scenario === name && r.connections === connections);
      for (const side of scenario.sides) {
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
    `POST /orders, ${durationS} s x ${rounds} rounds, server pool ${poolMax}, durable ${durable} (medians; min-max: the spread of the per-round ratios)`,
    summary.map(tableRow),
  );
  printTable(
    'req/s of each round, per side (other cores: CPU that work outside the bench used meanwhile, of 2 cores)',
    summary.map((row) => ({
      scenario: row.scenario,
      connections: row.connections,
      ...Object.fromEntries(sides.map((side) => [side, row.rounds[side]?.join(' / ') ?? '—'])),
      'other cores': row.otherCores.join(' / '),
      'load (1 min)': row.load.join(' / '),
    })),
  );
  console.log(
    '\nhot and distinct products: a customer orders 1 line, quantity 1 (items in the body).' +
      ' raw: one statement writing stock, order (7 columns) and line (8); raw-same ("raw SQL, same rows"):' +
      ' one statement writing the rows the store writes (stock judged, every order and line column, the' +
      " idempotency record with its outcome, the order.placed event), without the function's locks and checks." +
      (checkout === undefined
        ? ''
        : `\n${allScenarios.checkout.label}: a guest (no token) orders one of ${CARTS} carts, each 3 lines of its own products` +
          ` (tax classes standard, reduced, zero at DE 19/7/0 %), shipping "${checkout.methodId}" to DE, discount code ${DISCOUNT_CODE}` +
          ' (no maxRedemptions: every order locks and updates its row). Carts created and filled, products and carts read,' +
          ' before the timed part: timed are POST /orders only (http) and createPostgresOrderStore(pool).place() only (store).'),
  );
  printTable('CPU ms per order (medians; bench = load generator or direct client)', cpu);
  console.log(
    `\ncheck: ${check.orders} orders in PostgreSQL for ${placed.http} answered 201 + ${placed.direct} placed directly; ` +
      `stock sold ${check.unitsSold} = order lines ${check.lineUnits}; ` +
      `${DISCOUNT_CODE} redeemed ${check.redemptions} times = its orders ${check.discountedOrders}`,
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
      scenarios: scenarioNames,
      floors: {
        raw: 'one statement: stock decremented, orders (7 columns) and order_lines (8 columns); no idempotency record, no event',
        'raw-same':
          'one statement (data-modifying CTEs) writing the rows place_order writes: stock where available >= 1, every orders and order_lines column, order_requests with the outcome, order_events order.placed with its payload; no advisory lock, key lookup, settings check or JSON unpacking',
      },
      ...(sameRows === undefined ? {} : { sameRowsCheck: sameRows }),
      ...(checkout === undefined
        ? {}
        : {
            checkout: {
              carts: CARTS,
              lines: CHECKOUT_LINES.map(([taxClass, amount, quantity]) => ({ taxClass, amount, quantity })),
              taxRatesDE: checkout.taxRates,
              shippingMethod: checkout.methodId,
              discountCode: DISCOUNT_CODE,
              pricedAs: checkout.pricedAs,
              timed: 'http: POST /orders only; store: createPostgresOrderStore(pool).place() only',
            },
          }),
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
 * One order through the store and one through the same-rows floor, for the same product and customer: their
 * rows must be alike column by column (null-ness, stored size within 5 %), or the floor measures other work.
 * Printed, and returned for the result file.
 */
async function checkSameRows(direct, connectionString, product) {
  const customerId = 'bench-customer-0';
  const storeOrderId = await direct.viaStore(customerId, product);
  const rawSameOrderId = await direct.viaRawSqlSameRows(customerId, product);
  const columns = await kit.compareSameRows(connectionString, storeOrderId, rawSameOrderId);
  printTable(
    'same-rows check: one order through the store, one through raw-same (bytes stored per column; json also as text)',
    columns.map(({ table, column, store, rawSame, alike }) => ({
      table,
      column,
      store,
      'raw-same': rawSame,
      alike: alike ? 'yes' : 'NO',
    })),
  );
  const unlike = columns.filter((column) => !column.alike);
  if (unlike.length > 0)
    throw new Error(`raw-same writes other rows than the store: ${JSON.stringify(unlike)}`);
  return columns.map(({ table, column, store, rawSame }) => ({ table, column, store, rawSame }));
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
                 FROM inventory)::int AS "unitsSold",
              (SELECT coalesce(sum(redemptions), 0) FROM discount_codes)::int AS redemptions,
              (SELECT count(*) FROM orders WHERE discount_code IS NOT NULL)::int AS "discountedOrders"`,
      [hotId, HOT_STOCK, DISTINCT_STOCK],
    );
    const check = rows[0];
    const seen = placed.http + placed.direct;
    const checkouts = placed.checkoutHttp + placed.checkoutDirect;
    if (
      check.orders < seen ||
      check.orders > seen + placed.httpInFlightAtEnd ||
      check.unitsSold !== check.lineUnits ||
      check.redemptions !== check.discountedOrders ||
      check.discountedOrders < checkouts ||
      check.discountedOrders > checkouts + placed.httpInFlightAtEnd
    )
      throw new Error(`database check failed: ${JSON.stringify({ ...check, placed })}`);
    return check;
  } finally {
    await client.end();
  }
}

/** CPU milliseconds the whole machine has spent busy (all cores; /proc/stat counts 100 ticks a second). */
function machineBusyMs() {
  const [user, nice, system, , , irq, softirq] = readFileSync('/proc/stat', 'utf8')
    .split('\n')[0]
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  return (user + nice + system + irq + softirq) * 10;
}

/** A summary row for the table: a side a scenario does not have is a dash, a ratio's spread one column. */
function tableRow({ rounds: _rounds, otherCores: _otherCores, load: _load, ...row }) {
  const out = {};
  for (const [key, value] of Object.entries(row)) {
    if (key.endsWith(' min')) continue;
    if (key.endsWith(' max')) {
      const ratio = key.slice(0, -' max'.length);
      out[`${ratio} min-max`] =
        value === null ? '—' : `${row[`${ratio} min`].toFixed(2)}-${value.toFixed(2)}`;
      continue;
    }
    out[key] = value ?? '—';
  }
  return out;
}

/**
 * The shop's checkout settings (admin PUTs), 3 products per cart (one per tax class), stocked, and CARTS
 * guest carts filled through the API. Then one order over HTTP and one through the store for the same cart
 * must price alike (and use tax, shipping and the discount), or the two sides would not do the same work.
 */
async function prepareCheckout(base, admin, categoryId, direct) {
  const adminJson = (method, path, body) =>
    getJson(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const taxRates = { standard: 19, reduced: 7, zero: 0 };
  const methodId = 'standard';
  await adminJson('PUT', '/tax-rates/DE', taxRates);
  await adminJson('PUT', `/shipping-methods/${methodId}`, {
    name: 'Standard',
    countries: ['DE'],
    price: { amount: 490, currency: 'EUR' },
    active: true,
  });
  await adminJson('PUT', `/discount-codes/${DISCOUNT_CODE}`, { type: 'percent', value: 10, active: true });

  const productsOf = Array.from({ length: CARTS }, (_, cart) =>
    CHECKOUT_LINES.map(([taxClass, amount], line) => ({
      id: `bench-checkout-${cart}-${line}`,
      body: {
        sku: `BENCH-CHECKOUT-${cart}-${line}`,
        name: `Checkout bench product ${cart}/${line} (${taxClass})`,
        price: { amount, currency: 'EUR' },
        categoryId,
        status: 'active',
        taxClass,
      },
    })),
  );
  const all = productsOf.flat();
  await inParallel(all, (product) => adminJson('PUT', `/products/${product.id}`, product.body));
  await stock(
    base,
    admin,
    all.map((product) => [product.id, CHECKOUT_STOCK]),
  );

  const guests = await inParallel(productsOf, async (products) => {
    const { id: cartId } = await getJson(`${base}/carts`, { method: 'POST' });
    for (const [line, product] of products.entries()) {
      await getJson(`${base}/carts/${cartId}/items/${product.id}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ quantity: CHECKOUT_LINES[line][2] }),
      });
    }
    const body = {
      cartId,
      email: 'guest@example.com',
      shippingAddress: berlin,
      shippingMethodId: methodId,
      discountCode: DISCOUNT_CODE.toLowerCase(),
    };
    // What the use case reads from DynamoDB per order (the cart, its products): read once, here.
    const cart = await getJson(`${base}/carts/${cartId}`);
    const read = await Promise.all(cart.items.map((line) => getJson(`${base}/products/${line.productId}`)));
    return { cartId, body: JSON.stringify(body), direct: kit.prepareGuestCheckout(body, cart.items, read) };
  });

  const [first] = guests;
  const response = await fetch(`${base}/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': 'bench-checkout-check-http' },
    body: first.body,
  });
  if (response.status !== 201)
    throw new Error(`checkout over HTTP: ${response.status} ${await response.text()}`);
  const viaHttp = await response.json();
  const viaStore = await direct.viaStoreCheckout(first.direct, 'bench-checkout-check-store');
  const priced = (order) => ({
    subtotal: order.subtotal.amount,
    discountTotal: order.discountTotal.amount,
    shippingTotal: order.shippingTotal.amount,
    taxTotal: order.taxTotal.amount,
    total: order.total.amount,
    lineTax: order.items.map((line) => [line.taxRate, line.taxAmount.amount]),
  });
  const [a, b] = [priced(viaHttp), priced(viaStore)];
  const rates = new Set(a.lineTax.map(([rate]) => rate));
  if (
    JSON.stringify(a) !== JSON.stringify(b) ||
    a.discountTotal <= 0 ||
    a.shippingTotal <= 0 ||
    a.taxTotal <= 0 ||
    ![19, 7, 0].every((rate) => rates.has(rate)) ||
    !viaHttp.accessToken
  )
    throw new Error(`the two checkouts differ or miss a part: ${JSON.stringify({ http: a, store: b })}`);
  return { taxRates, methodId, guests, pricedAs: a };
}

async function inParallel(items, work, workers = 8) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await work(items[i]);
  };
  await Promise.all(Array.from({ length: workers }, worker));
  return results;
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
