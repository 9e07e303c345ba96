// Lambda cold-start proxy: a fresh `node` process imports the API bundle and answers one API Gateway v2
// event, against a hello-world handler, alternating, in the same run. Two first events for the API:
// GET /health (the floor) and an anonymous GET /products/{id}, which reads DynamoDB (DynamoDB Local here).
// Usage: node bench/cold-start.mjs [--runs 20]   (builds dist/ first)
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { bundleSize } from '../scripts/bundle-size.mjs';
import { lambdaEnv, startCatalogDynamoDb } from './lib/cold-start-setup.mjs';
import { DYNAMODB_STAND_IN } from './lib/harness.mjs';
import { median, printTable, repoRoot, round, writeResult } from './lib/report.mjs';

const { values: args } = parseArgs({ options: { runs: { type: 'string', default: '20' } } });
const runs = Number(args.runs);

execFileSync(process.execPath, [join(repoRoot, 'scripts/build.mjs'), '--quiet'], { stdio: 'inherit' });
const apiBundle = join(repoRoot, 'dist/lambda/api/index.mjs');
// Bundled like the API, so it pays the same costs a bundle pays (one file to read and compile).
const honoHello = join(mkdtempSync(join(tmpdir(), 'slimshop-bench-')), 'hono-hello.mjs');
await build({
  entryPoints: [join(repoRoot, 'bench/lib/hono-hello-handler.mjs')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  minify: true,
  outfile: honoHello,
  logLevel: 'warning',
});

const { endpoint, productId, close: closeCatalog } = await startCatalogDynamoDb();

// Each case: a handler file and the path of the one anonymous GET it answers.
const cases = {
  hello: { file: join(repoRoot, 'bench/lib/hello-handler.mjs'), path: '/health' },
  'hono hello': { file: honoHello, path: '/health' },
  'api GET /health': { file: apiBundle, path: '/health' },
  'api GET /products/{id}': { file: apiBundle, path: `/products/${productId}` },
};
const env = lambdaEnv(endpoint);

function coldStart({ file, path }) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [join(repoRoot, 'bench/lib/invoke-once.mjs'), file, path], { env });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('exit', (code) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      if (code !== 0) return reject(new Error(`${file} ${path} exited ${code}: ${err}`));
      const report = JSON.parse(out);
      if (report.statusCode !== 200)
        return reject(new Error(`${file} ${path} answered ${report.statusCode}`));
      resolve({ ...report, wallMs });
    });
  });
}

const samples = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
// Warm the OS file cache once, as a deployed function's image would be.
await coldStart(cases['api GET /products/{id}']);
for (let i = 0; i < runs; i++) {
  // Alternate the order so drift in machine load hits every case alike.
  const order = Object.keys(cases);
  for (const name of i % 2 ? order.reverse() : order) samples[name].push(await coldStart(cases[name]));
}
await closeCatalog();

const summary = (name, key) => median(samples[name].map((sample) => sample[key]));
const rows = Object.keys(cases).map((name) => ({
  handler: name,
  'process wall ms': summary(name, 'wallMs'),
  'until answered ms': summary(name, 'sinceProcessStartMs'),
  'import ms': summary(name, 'importMs'),
  'invoke ms': summary(name, 'invokeMs'),
  'process CPU ms': summary(name, 'cpuMs'),
}));
const { startupBytes, totalBytes } = bundleSize(dirname(apiBundle));
const ratiosOf = (name) => ({
  processWall: round(summary(name, 'wallMs') / summary('hello', 'wallMs'), 3),
  untilAnswered: round(summary(name, 'sinceProcessStartMs') / summary('hello', 'sinceProcessStartMs'), 3),
  cpu: round(summary(name, 'cpuMs') / summary('hello', 'cpuMs'), 3),
});
const ratios = { health: ratiosOf('api GET /health'), product: ratiosOf('api GET /products/{id}') };
printTable(`Cold start, median of ${runs} fresh processes each (node ${process.version})`, rows);
console.log('');
for (const [name, ratio] of Object.entries({
  'GET /health': ratios.health,
  'GET /products/{id}': ratios.product,
})) {
  console.log(
    `api ${name} / hello: ${round(ratio.processWall)}x process wall time, ${round(ratio.untilAnswered)}x until answered, ${round(ratio.cpu)}x CPU (target <= 2x)`,
  );
}
const mb = (bytes) => round(bytes / 1024 / 1024, 3);
console.log(
  `api bundle: ${mb(totalBytes)} MB of code, ${mb(startupBytes)} MB read at start (target <= 1.5 MB)`,
);

await writeResult('cold-start', {
  runs,
  dynamodb: DYNAMODB_STAND_IN,
  medians: rows,
  ratio: ratios.health,
  productRatio: ratios.product,
  bundle: { startupBytes, totalBytes },
  targets: { ratio: 2, bundleBytes: 1.5 * 1024 * 1024 },
});
