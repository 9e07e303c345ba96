// Lambda cold-start proxy: a fresh `node` process imports the API bundle and answers one API Gateway v2
// GET /health event, against a hello-world handler, alternating, in the same run.
// Usage: node bench/cold-start.mjs [--runs 20]   (builds dist/ first)
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import dynalite from 'dynalite';
import { build } from 'esbuild';
import { bundleSize } from '../scripts/bundle-size.mjs';
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
const handlers = {
  hello: join(repoRoot, 'bench/lib/hello-handler.mjs'),
  'hono hello': honoHello,
  api: apiBundle,
};

// The API's configuration points at a local DynamoDB stand-in, as a deployed function points at DynamoDB.
const db = dynalite({ createTableMs: 0 });
await new Promise((resolve) => db.listen(0, '127.0.0.1', resolve));
const env = {
  ...process.env,
  TABLE_NAME: 'slimshop',
  AWS_REGION: 'us-east-1',
  DYNAMODB_ENDPOINT: `http://127.0.0.1:${db.address().port}`,
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  // Never fetched: GET /health carries no token.
  JWKS_URL: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_bench/.well-known/jwks.json',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  LOG_LEVEL: 'warn',
};

function coldStart(file) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [join(repoRoot, 'bench/lib/invoke-once.mjs'), file], { env });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('exit', (code) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      if (code !== 0) return reject(new Error(`${file} exited ${code}: ${err}`));
      const report = JSON.parse(out);
      if (report.statusCode !== 200) return reject(new Error(`${file} answered ${report.statusCode}`));
      resolve({ ...report, wallMs });
    });
  });
}

const samples = { hello: [], 'hono hello': [], api: [] };
await coldStart(apiBundle); // warm the OS file cache once, as a deployed function's image would be
for (let i = 0; i < runs; i++) {
  // Alternate the order so drift in machine load hits every handler alike.
  const order = Object.keys(handlers);
  for (const name of i % 2 ? order.reverse() : order) samples[name].push(await coldStart(handlers[name]));
}
db.close();

const summary = (name, key) => median(samples[name].map((sample) => sample[key]));
const rows = Object.keys(handlers).map((name) => ({
  handler: name,
  'process wall ms': summary(name, 'wallMs'),
  'until answered ms': summary(name, 'sinceProcessStartMs'),
  'import ms': summary(name, 'importMs'),
  'invoke ms': summary(name, 'invokeMs'),
  'process CPU ms': summary(name, 'cpuMs'),
}));
const { startupBytes, totalBytes } = bundleSize(dirname(apiBundle));
const ratio = summary('api', 'wallMs') / summary('hello', 'wallMs');
const answeredRatio = summary('api', 'sinceProcessStartMs') / summary('hello', 'sinceProcessStartMs');
const cpuRatio = summary('api', 'cpuMs') / summary('hello', 'cpuMs');
printTable(`Cold start, median of ${runs} fresh processes each (node ${process.version})`, rows);
console.log(
  `\napi / hello: ${round(ratio)}x process wall time, ${round(answeredRatio)}x until answered, ${round(cpuRatio)}x CPU (target <= 2x)`,
);
const mb = (bytes) => round(bytes / 1024 / 1024, 3);
console.log(
  `api bundle: ${mb(totalBytes)} MB of code, ${mb(startupBytes)} MB read at start (target <= 1.5 MB)`,
);

await writeResult('cold-start', {
  runs,
  medians: rows,
  ratio: { processWall: round(ratio, 3), untilAnswered: round(answeredRatio, 3), cpu: round(cpuRatio, 3) },
  bundle: { startupBytes, totalBytes },
  targets: { ratio: 2, bundleBytes: 1.5 * 1024 * 1024 },
});
