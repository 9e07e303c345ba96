// Lambda cold-start proxy: a fresh `node` process imports the API bundle and answers one API Gateway v2
// event, against a hello-world handler, alternating, in the same run, on Node 20 (this process's node) and
// on Node 22 (the Lambda runtime, nodejs22.x). Two first events for the API: GET /health (the floor) and an
// anonymous GET /products/{id}, which reads DynamoDB (DynamoDB Local here). Children get the Lambda's
// environment, never this shell's NODE_EXTRA_CA_CERTS and the like (bench/lib/cold-start-setup.mjs).
// --compile-cache adds the product read with Node's module compile cache (NODE_COMPILE_CACHE, filled by a
// first run): what it could save. Not shipped (docs/benchmarks.md says why); Node 20 has none and ignores it.
// Usage: node bench/cold-start.mjs [--runs 20] [--node22 <path of a node 22 binary>] [--compile-cache]
//   (builds dist/ first; without --node22, installs node@22 once into .cache/node22)
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { bundleSize } from '../scripts/bundle-size.mjs';
import { lambdaEnv, startCatalogDynamoDb } from './lib/cold-start-setup.mjs';
import { loadRecorder, ratioAgainst, spread, spreadCell } from './lib/cold-start-stats.mjs';
import { DYNAMODB_STAND_IN } from './lib/harness.mjs';
import { node22Binary } from './lib/node22.mjs';
import { median, printTable, repoRoot, round, writeResult } from './lib/report.mjs';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '20' },
    node22: { type: 'string' },
    'compile-cache': { type: 'boolean', default: false },
  },
});
const runs = Number(args.runs);

const runtimes = Object.fromEntries(
  [process.execPath, node22Binary(args.node22)].map((binary) => {
    const version = execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim();
    return [`node ${version.slice(1).split('.')[0]}`, { binary, version }];
  }),
);

execFileSync(process.execPath, [join(repoRoot, 'scripts/build.mjs'), '--quiet'], { stdio: 'inherit' });
const apiBundle = join(repoRoot, 'dist/lambda/api/index.mjs');
// Bundled like the API, so it pays the same costs a bundle pays (one file to read and compile).
const scratch = mkdtempSync(join(tmpdir(), 'slimshop-bench-'));
const honoHello = join(scratch, 'hono-hello.mjs');
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

// Each case: a handler file, the path of the one anonymous GET it answers, and variables of its own.
const cases = {
  hello: { file: join(repoRoot, 'bench/lib/hello-handler.mjs'), path: '/health' },
  'hono hello': { file: honoHello, path: '/health' },
  'api GET /health': { file: apiBundle, path: '/health' },
  'api GET /products/{id}': { file: apiBundle, path: `/products/${productId}` },
};
if (args['compile-cache']) {
  cases['api GET /products/{id}, compile cache'] = {
    ...cases['api GET /products/{id}'],
    caseEnv: { NODE_COMPILE_CACHE: join(scratch, 'compile-cache') },
  };
}
const env = lambdaEnv(endpoint);

function coldStart(binary, { file, path, caseEnv = {} }) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(binary, [join(repoRoot, 'bench/lib/invoke-once.mjs'), file, path], {
      env: { ...env, ...caseEnv },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('exit', (code) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      if (code !== 0) return reject(new Error(`${binary} ${file} ${path} exited ${code}: ${err}`));
      const report = JSON.parse(out);
      if (report.statusCode !== 200)
        return reject(new Error(`${binary} ${file} ${path} answered ${report.statusCode}`));
      resolve({ ...report, wallMs });
    });
  });
}

// Every (runtime, case) pair, one fresh process each per round.
const pairs = Object.keys(runtimes).flatMap((runtime) => Object.keys(cases).map((name) => [runtime, name]));
const samples = Object.fromEntries(
  Object.keys(runtimes).map((runtime) => [
    runtime,
    Object.fromEntries(Object.keys(cases).map((name) => [name, []])),
  ]),
);
// Warm the OS file cache once per runtime, as a deployed function's image would be (and fill the compile
// cache of that case, if any).
for (const { binary } of Object.values(runtimes)) {
  for (const name of Object.keys(cases).filter((name) => name.startsWith('api GET /products/')))
    await coldStart(binary, cases[name]);
}
const load = loadRecorder();
for (let i = 0; i < runs; i++) {
  // Alternate the order so drift in machine load hits every case and runtime alike.
  for (const [runtime, name] of i % 2 ? [...pairs].reverse() : pairs)
    samples[runtime][name].push(await coldStart(runtimes[runtime].binary, cases[name]));
  load.sample();
}
await closeCatalog();
rmSync(scratch, { recursive: true, force: true });
const loadDuringRun = load.summary();

const values = (runtime, name, key) => samples[runtime][name].map((sample) => sample[key]);
const results = Object.fromEntries(
  Object.entries(runtimes).map(([runtime, { version }]) => {
    const caseStats = Object.fromEntries(
      Object.keys(cases).map((name) => [
        name,
        {
          processWallMs: spread(values(runtime, name, 'wallMs')),
          untilAnsweredMs: spread(values(runtime, name, 'sinceProcessStartMs')),
          importMs: round(median(values(runtime, name, 'importMs')), 1),
          invokeMs: round(median(values(runtime, name, 'invokeMs')), 1),
          cpuMs: spread(values(runtime, name, 'cpuMs')),
        },
      ]),
    );
    const ratiosOf = (name) =>
      Object.fromEntries(
        [
          ['processWall', 'wallMs'],
          ['untilAnswered', 'sinceProcessStartMs'],
          ['cpu', 'cpuMs'],
        ].map(([metric, key]) => [
          metric,
          ratioAgainst(values(runtime, name, key), values(runtime, 'hello', key)),
        ]),
      );
    const ratios = { health: ratiosOf('api GET /health'), product: ratiosOf('api GET /products/{id}') };
    return [runtime, { version, cases: caseStats, ratios }];
  }),
);

const loadText = `1-minute load ${loadDuringRun.min}-${loadDuringRun.max} (mean ${loadDuringRun.mean})`;
printTable(
  `Process wall ms: median (p10-p90, min-max) of ${runs} fresh processes per case; ${loadText}`,
  Object.keys(cases).map((name) => ({
    case: name,
    ...Object.fromEntries(
      Object.entries(results).map(([runtime, result]) => [
        `${runtime} (${result.version})`,
        spreadCell(result.cases[name].processWallMs),
      ]),
    ),
  })),
);
for (const [runtime, result] of Object.entries(results)) {
  printTable(
    `${runtime} (${result.version}): medians`,
    Object.entries(result.cases).map(([name, stats]) => ({
      case: name,
      'process wall ms': stats.processWallMs.median,
      'until answered ms': stats.untilAnsweredMs.median,
      'import ms': stats.importMs,
      'first invoke ms': stats.invokeMs,
      'process CPU ms': stats.cpuMs.median,
    })),
  );
}

// Node 22 is what Lambda runs: its targets are the ones to meet; Node 20 is shown for comparison.
const TARGETS = { health: 1.4, product: 1.5 };
console.log('');
for (const [runtime, result] of Object.entries(results)) {
  for (const [key, label] of [
    ['health', 'GET /health'],
    ['product', 'GET /products/{id}'],
  ]) {
    const { processWall, untilAnswered, cpu } = result.ratios[key];
    console.log(
      `${runtime}: api ${label} / hello: ${round(processWall.ratio)}x process wall time (rounds p10-p90 ${round(processWall.roundsP10)}-${round(processWall.roundsP90)}), ${round(untilAnswered.ratio)}x until answered, ${round(cpu.ratio)}x CPU (target on Node 22 <= ${TARGETS[key]}x)`,
    );
  }
}
const { startupBytes, totalBytes } = bundleSize(dirname(apiBundle));
const mb = (bytes) => round(bytes / 1024 / 1024, 3);
console.log(
  `api bundle: ${mb(totalBytes)} MB of code, ${mb(startupBytes)} MB read at start (target <= 1.5 MB); ${loadText}`,
);

await writeResult('cold-start', {
  runs,
  dynamodb: DYNAMODB_STAND_IN,
  load: loadDuringRun,
  runtimes: results,
  bundle: { startupBytes, totalBytes },
  targets: { node22: TARGETS, bundleBytes: 1.5 * 1024 * 1024 },
});
