// Catalog reads on the container server (dist/server/index.mjs) against raw DocumentClient calls on the
// same DynamoDB Local, same run, same concurrency, rounds alternating; plus the server's RSS under that load.
// Usage: node bench/catalog-read.mjs [--duration 5] [--connections 10] [--rounds 3] [--products 300]
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
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
} from './lib/harness.mjs';
import { median, printTable, repoRoot, round, writeResult } from './lib/report.mjs';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '3' },
    products: { type: 'string', default: '300' },
  },
});
const durationS = Number(args.duration);
const connections = Number(args.connections);
const rounds = Number(args.rounds);
const TABLE = 'slimshop';
buildDist();

// 1. DynamoDB Local in its own process, warmed up.
const { endpoint } = await startDynamoDbProcess();

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
const server = await startContainerServer({
  TABLE_NAME: TABLE,
  AWS_REGION: 'us-east-1',
  DYNAMODB_ENDPOINT: endpoint,
  // Catalog reads never touch PostgreSQL, but the server connects to it before it listens.
  DATABASE_URL: database.connectionString,
  JWKS_URL: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_bench/.well-known/jwks.json',
});
const { base } = server;
const idleRssMb = rssMb(server.pid);

// 4. The baseline: the same reads straight from the DocumentClient in this process.
const documentClient = DynamoDBDocumentClient.from(
  new DynamoDBClient({
    region: 'us-east-1',
    endpoint,
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  }),
);
const raw = {
  get: () =>
    documentClient.send(
      new GetCommand({
        TableName: TABLE,
        Key: { pk: `PRODUCT#${productId}`, sk: 'PRODUCT' },
        ConsistentRead: true,
      }),
    ),
  // What GET /products?limit=20 asks DynamoDB for: the active partition of the by-status-and-date index,
  // newest first, limit + 2 items (one to know whether a next page exists, one spare).
  list: () =>
    documentClient.send(
      new QueryCommand({
        TableName: TABLE,
        IndexName: 'byStatusCreated',
        KeyConditionExpression: '#p = :p',
        ExpressionAttributeNames: { '#p': 'statusKey' },
        ExpressionAttributeValues: { ':p': 'PRODUCT#active' },
        ScanIndexForward: false,
        Limit: 22,
      }),
    ),
};
const http = { get: `${base}/products/${productId}`, list: `${base}/products?limit=20` };

// Sample the server's RSS throughout the load.
const rssSamples = [];
const sampler = setInterval(() => rssSamples.push(rssMb(server.pid)), 100);

// Warm both sides up (JIT, sockets) before measuring.
for (const kind of ['get', 'list']) {
  await serverLoad(http[kind], 2);
  await rawLoad(raw[kind], 2);
}

const results = [];
for (let roundIndex = 0; roundIndex < rounds; roundIndex++) {
  for (const kind of ['get', 'list']) {
    // Alternate which side goes first, so drift in machine load does not favour one.
    const order = roundIndex % 2 ? ['raw', 'server'] : ['server', 'raw'];
    const measured = {};
    for (const side of order) {
      measured[side] =
        side === 'server' ? await serverLoad(http[kind], durationS) : await rawLoad(raw[kind], durationS);
    }
    results.push({ round: roundIndex + 1, kind, ...measured, ratio: measured.server.rps / measured.raw.rps });
  }
}
clearInterval(sampler);

const summary = ['get', 'list'].map((kind) => {
  const rows = results.filter((result) => result.kind === kind);
  const med = (side, key) => median(rows.map((row) => row[side][key]));
  return {
    read: kind === 'get' ? 'GET /products/{id} vs GetItem' : 'GET /products?limit=20 vs Query',
    'server req/s': med('server', 'rps'),
    'server p50 ms': med('server', 'p50'),
    'server p99 ms': med('server', 'p99'),
    'raw req/s': med('raw', 'rps'),
    'raw p50 ms': med('raw', 'p50'),
    'raw p99 ms': med('raw', 'p99'),
    'ratio (median)': median(rows.map((row) => row.ratio)),
  };
});
const rss = { idleMb: idleRssMb, peakMb: Math.max(...rssSamples), medianUnderLoadMb: median(rssSamples) };

printTable(
  `Catalog reads, ${connections} connections, ${durationS} s x ${rounds} rounds, ${args.products} extra products`,
  summary,
);
console.log(
  `\nserver RSS: idle ${round(rss.idleMb, 1)} MB, under load median ${round(rss.medianUnderLoadMb, 1)} MB, peak ${round(rss.peakMb, 1)} MB (target <= 150 MB)`,
);
await writeResult('catalog-read', {
  settings: {
    connections,
    durationS,
    rounds,
    extraProducts: Number(args.products),
    nodeFlags: dockerfileNodeFlags(),
    dynamodb: DYNAMODB_STAND_IN,
  },
  summary,
  rss,
  rounds: results,
  targets: { ratio: 0.6, rssMb: 150 },
});
// The server first, or its pool would log every connection the database's shutdown ends.
await server.stop();
await database.stop();
process.exit(0);

async function serverLoad(url, seconds) {
  const result = await autocannon({ url, connections, duration: seconds });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

function rawLoad(operation, seconds) {
  return closedLoop(operation, { connections, seconds });
}
