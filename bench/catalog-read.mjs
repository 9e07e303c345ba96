// Catalog reads on the container server (dist/server/index.mjs) against two baselines on the same DynamoDB
// Local, same run, same concurrency, the three sides rotating within each round:
//   sdk    the AWS SDK's DocumentClient (GetCommand / QueryCommand) in this process, default configuration;
//   floor  the same operation as one signed POST over node:http, no SDK (bench/lib/signed-dynamodb-post.mjs):
//          what no client can do with less.
// Also the CPU each side spends per read, the server's RSS under load and the machine's load average.
// Usage: node bench/catalog-read.mjs [--duration 5] [--connections 10] [--rounds 3] [--products 300]
//        [--reads get,list] [--profile <dir>]   (--profile: the server runs with --cpu-prof into <dir>)
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import autocannon from 'autocannon';
import {
  buildDist,
  closedLoop,
  DYNAMODB_STAND_IN,
  dockerfileNodeFlags,
  rssMb,
  startBenchPostgres,
  startContainerServer,
  startDynamoDbProcess,
  treeCpuMs,
} from './lib/harness.mjs';
import { median, printTable, repoRoot, round, writeResult } from './lib/report.mjs';
import { signedDynamoPost } from './lib/signed-dynamodb-post.mjs';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '3' },
    products: { type: 'string', default: '300' },
    reads: { type: 'string', default: 'get,list' },
    profile: { type: 'string' },
  },
});
const durationS = Number(args.duration);
const connections = Number(args.connections);
const rounds = Number(args.rounds);
const reads = args.reads.split(',');
const SIDES = ['server', 'sdk', 'floor'];
const TABLE = 'slimshop';
const REGION = 'us-east-1';
const loadAtStart = loadavg()[0];
buildDist();

// 1. DynamoDB Local in its own process, warmed up.
const dynamodb = await startDynamoDbProcess();
const { endpoint } = dynamodb;

// 2. The catalog, written through the catalog service.
const prepared = execFileSync(
  process.execPath,
  ['--import', 'tsx', join(repoRoot, 'bench/lib/prepare-catalog.ts'), endpoint, TABLE, args.products],
  { cwd: repoRoot, encoding: 'utf8' },
);
const { productId } = JSON.parse(prepared.trim().split('\n').at(-1));

// 3. The built container server, started with the Node flags of the Dockerfile's CMD, logging one JSON
// line per request as in production (to /dev/null).
const database = await startBenchPostgres();
const server = await startContainerServer(
  {
    TABLE_NAME: TABLE,
    AWS_REGION: REGION,
    DYNAMODB_ENDPOINT: endpoint,
    // Catalog reads never touch PostgreSQL, but the server connects to it before it listens.
    DATABASE_URL: database.connectionString,
    JWKS_URL: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_bench/.well-known/jwks.json',
  },
  args.profile === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${resolve(args.profile)}`],
);
const { base } = server;
const idleRssMb = rssMb(server.pid);

// 4. The baselines: the same requests the repository sends, straight from this process.
const credentials = { accessKeyId: 'x', secretAccessKey: 'x' };
const documentClient = DynamoDBDocumentClient.from(
  new DynamoDBClient({ region: REGION, endpoint, credentials }),
);
const post = signedDynamoPost({ endpoint, region: REGION, credentials });
const key = { pk: `PRODUCT#${productId}`, sk: 'PRODUCT' };
// Strongly consistent, as the repository reads a product.
const getInput = { TableName: TABLE, Key: key, ConsistentRead: true };
// What GET /products?limit=20 asks DynamoDB for: the active partition of the by-status-and-date index,
// newest first, limit + 2 items (one to know whether a next page exists, one spare).
const listInput = {
  TableName: TABLE,
  IndexName: 'byStatusCreated',
  KeyConditionExpression: '#p = :p',
  ExpressionAttributeNames: { '#p': 'statusKey' },
  ScanIndexForward: false,
  Limit: 22,
};
const baselines = {
  get: {
    sdk: () => documentClient.send(new GetCommand(getInput)),
    floor: () => post('GetItem', { ...getInput, Key: { pk: { S: key.pk }, sk: { S: key.sk } } }),
  },
  list: {
    sdk: () =>
      documentClient.send(
        new QueryCommand({ ...listInput, ExpressionAttributeValues: { ':p': 'PRODUCT#active' } }),
      ),
    floor: () =>
      post('Query', { ...listInput, ExpressionAttributeValues: { ':p': { S: 'PRODUCT#active' } } }),
  },
};
const urls = { get: `${base}/products/${productId}`, list: `${base}/products?limit=20` };
const READ_NAMES = { get: 'GET /products/{id} (GetItem)', list: 'GET /products?limit=20 (Query)' };

// Each baseline answers what the server reads: the same item, the same page.
const sdkItem = (await baselines.get.sdk()).Item;
const floorItem = (await baselines.get.floor()).Item;
if (sdkItem?.pk !== key.pk || floorItem?.pk?.S !== key.pk) throw new Error('a baseline read no product');
const served = await (await fetch(urls.list)).json();
const floorPage = (await baselines.list.floor()).Items;
if (served.items[0]?.id !== floorPage[0]?.id?.S) throw new Error('the floor Query reads another page');

// Sample the server's RSS throughout the load.
const rssSamples = [];
const sampler = setInterval(() => rssSamples.push(rssMb(server.pid)), 100);

// Warm every side up (JIT, sockets) before measuring.
for (const read of reads) for (const side of SIDES) await measure(read, side, 2);

const results = [];
for (let roundIndex = 0; roundIndex < rounds; roundIndex++) {
  for (const read of reads) {
    // Rotate which side goes first, so drift in the machine's load favours none.
    const order = SIDES.map((_, i) => SIDES[(i + roundIndex) % SIDES.length]);
    const measured = {};
    for (const side of order) measured[side] = await measure(read, side, durationS);
    const row = {
      round: roundIndex + 1,
      read,
      load: loadavg()[0],
      ...measured,
      vsSdk: measured.server.rps / measured.sdk.rps,
      vsFloor: measured.server.rps / measured.floor.rps,
    };
    results.push(row);
    console.log(
      `round ${row.round} ${read}: server ${round(row.server.rps, 0)}, sdk ${round(row.sdk.rps, 0)}, floor ${round(row.floor.rps, 0)} req/s; server/sdk ${round(row.vsSdk)}, server/floor ${round(row.vsFloor)}; load ${round(row.load, 1)}`,
    );
  }
}
clearInterval(sampler);
const loadAtEnd = loadavg()[0];

const spread = (values) => `${round(Math.min(...values))}-${round(Math.max(...values))}`;
const summary = reads.map((read) => {
  const rows = results.filter((result) => result.read === read);
  const med = (side, field) => median(rows.map((row) => row[side][field]));
  return {
    read: READ_NAMES[read],
    'server req/s': med('server', 'rps'),
    'server p50 ms': med('server', 'p50'),
    'server p99 ms': med('server', 'p99'),
    'sdk req/s': med('sdk', 'rps'),
    'floor req/s': med('floor', 'rps'),
    'server/sdk': median(rows.map((row) => row.vsSdk)),
    'server/sdk rounds': spread(rows.map((row) => row.vsSdk)),
    'server/floor': median(rows.map((row) => row.vsFloor)),
    'server/floor rounds': spread(rows.map((row) => row.vsFloor)),
  };
});
// CPU per read: what each side's own process spent (the server: its process; the baselines: this one),
// and what DynamoDB Local spent answering.
const cpu = reads.map((read) => {
  const rows = results.filter((result) => result.read === read);
  const med = (side, who) => median(rows.map((row) => row[side].cpuMsPerRead[who]));
  return {
    read: READ_NAMES[read],
    'server process ms': med('server', 'server'),
    'autocannon ms': med('server', 'bench'),
    'sdk client ms': med('sdk', 'bench'),
    'floor client ms': med('floor', 'bench'),
    'DynamoDB (server) ms': med('server', 'dynamodb'),
    'DynamoDB (floor) ms': med('floor', 'dynamodb'),
  };
});
const rss = { idleMb: idleRssMb, peakMb: Math.max(...rssSamples), medianUnderLoadMb: median(rssSamples) };
const load = { start: loadAtStart, end: loadAtEnd, rounds: results.map((row) => row.load) };

printTable(
  `Catalog reads, ${connections} connections, ${durationS} s x ${rounds} rounds, ${args.products} extra products`,
  summary,
);
printTable('CPU per read (medians of the rounds, ms)', cpu);
console.log(
  `\nserver RSS: idle ${round(rss.idleMb, 1)} MB, under load median ${round(rss.medianUnderLoadMb, 1)} MB, peak ${round(rss.peakMb, 1)} MB (target <= 150 MB)`,
);
console.log(
  `load average (1 min): ${round(load.start, 1)} at start, ${load.rounds.map((value) => round(value, 1)).join(' / ')} after each round's reads, ${round(load.end, 1)} at the end`,
);
// The server first, or its pool would log every connection the database's shutdown ends (and its CPU
// profile is written on a clean exit only).
await server.stop();
await database.stop();
await writeResult('catalog-read', {
  settings: {
    connections,
    durationS,
    rounds,
    extraProducts: Number(args.products),
    nodeFlags: dockerfileNodeFlags(),
    dynamodb: DYNAMODB_STAND_IN,
    baselines: {
      sdk: 'DynamoDBDocumentClient over DynamoDBClient, default configuration, in the bench process',
      floor: 'one SigV4-signed POST over node:http with a keep-alive agent, JSON.parse of the answer',
    },
  },
  summary,
  cpuMsPerRead: cpu,
  rss,
  load,
  rounds: results,
  targets: { serverToSdk: 0.9, serverToFloor: 0.35, rssMb: 150 },
});
process.exit(0);

/** One side's throughput and latency for `seconds`, with the CPU each process spent per read meanwhile. */
async function measure(read, side, seconds) {
  const cpuNow = () => ({
    bench: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
    server: treeCpuMs(server.pid),
    dynamodb: treeCpuMs(dynamodb.pid),
  });
  const before = cpuNow();
  const result =
    side === 'server'
      ? await serverLoad(urls[read], seconds)
      : await closedLoop(baselines[read][side], { connections, seconds });
  const after = cpuNow();
  const cpuMsPerRead = Object.fromEntries(
    Object.keys(before).map((who) => [who, (after[who] - before[who]) / result.count]),
  );
  return { ...result, cpuMsPerRead };
}

async function serverLoad(url, seconds) {
  const result = await autocannon({ url, connections, duration: seconds });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    count: result.requests.total,
  };
}
