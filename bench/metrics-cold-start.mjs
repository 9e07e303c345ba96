// What a metrics library adds to a Lambda cold start: fresh `node` processes import a bundled handler and
// answer one API Gateway v2 event: the hello handler alone, with the project's EMF writer
// (src/observability/metrics.ts), and with @aws-lambda-powertools/metrics, alternating, in the same run.
// Powertools is no dependency of the project: install it anywhere and point at it.
// Usage: env -u NODE_EXTRA_CA_CERTS node bench/metrics-cold-start.mjs --powertools <dir holding node_modules> [--runs 40]
import { spawn } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { median, printTable, repoRoot, round, writeResult } from './lib/report.mjs';

const { values: args } = parseArgs({
  options: { runs: { type: 'string', default: '40' }, powertools: { type: 'string' } },
});
if (!args.powertools)
  throw new Error('--powertools <dir>: where `npm install @aws-lambda-powertools/metrics` ran');
const runs = Number(args.runs);
const dir = mkdtempSync(join(tmpdir(), 'slimshop-metrics-bench-'));

// Bundled like the API (one minified ESM file), so each pays what a bundle pays.
async function bundle(entry, name) {
  const outfile = join(dir, `${name}.mjs`);
  await build({
    entryPoints: [join(repoRoot, entry)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    minify: true,
    outfile,
    nodePaths: [join(args.powertools, 'node_modules')],
    logLevel: 'warning',
  });
  return outfile;
}

const cases = {
  hello: await bundle('bench/lib/hello-handler.mjs', 'hello'),
  // Every API request writes a log line: the first write to stdout sets the stream up (a few ms), so the
  // metrics variants are compared with this one, not with the silent hello.
  'hello + log line': await bundle('bench/lib/metrics-hello-log.mjs', 'log'),
  'hello + own EMF writer': await bundle('bench/lib/metrics-hello-own.mjs', 'own'),
  'hello + Powertools Metrics': await bundle('bench/lib/metrics-hello-powertools.mjs', 'powertools'),
};

function coldStart(file) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot, 'bench/lib/invoke-once.mjs'), file, '/health'], {
      env: { PATH: process.env.PATH, AWS_LAMBDA_FUNCTION_NAME: 'bench' },
    });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`${file} exited ${code}`));
      // The invoke report is the last line; metric lines come before it.
      resolve(JSON.parse(out.trim().split('\n').at(-1)));
    });
  });
}

const samples = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
await coldStart(cases.hello);
for (let i = 0; i < runs; i++) {
  const order = Object.keys(cases);
  for (const name of i % 2 ? order.reverse() : order) samples[name].push(await coldStart(cases[name]));
}
const summary = (name, key) => round(median(samples[name].map((sample) => sample[key])));
const rows = Object.keys(cases).map((name) => ({
  handler: name,
  'bundle bytes': statSync(cases[name]).size,
  'until answered ms': summary(name, 'sinceProcessStartMs'),
  'import ms': summary(name, 'importMs'),
  'invoke ms': summary(name, 'invokeMs'),
  'process CPU ms': summary(name, 'cpuMs'),
}));
printTable(
  `Metrics libraries on a cold start, median of ${runs} fresh processes each (node ${process.version})`,
  rows,
);
const extra = (name) =>
  round(summary(name, 'sinceProcessStartMs') - summary('hello + log line', 'sinceProcessStartMs'));
console.log(
  `\nadded until answered, against hello + log line: own EMF writer ${extra('hello + own EMF writer')} ms, Powertools ${extra('hello + Powertools Metrics')} ms`,
);
await writeResult('metrics-cold-start', { runs, medians: rows });
