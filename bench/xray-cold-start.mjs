// What X-Ray subsegments add to a Lambda cold start: fresh `node` processes import a bundled handler and
// answer one API Gateway v2 event that makes one traced (no-op) outgoing call. Cases, alternating, same run:
// the hello handler with its log line (the baseline), the project's writer (src/observability/xray-trace.ts)
// with a sampled trace and with no trace header (a container, a local run), and aws-xray-sdk-core doing the
// same in a sampled invocation. A stand-in daemon (a UDP socket of this process) counts what each case sends,
// so a case that skipped its work would show. aws-xray-sdk-core is no dependency of the project: install it
// anywhere and point at it.
// Usage: env -u NODE_EXTRA_CA_CERTS node bench/xray-cold-start.mjs --xray-sdk <dir holding node_modules> [--runs 40]
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { loadRecorder, ratioAgainst, spread, spreadCell } from './lib/cold-start-stats.mjs';
import { printTable, repoRoot, writeResult } from './lib/report.mjs';

const { values: args } = parseArgs({
  options: { runs: { type: 'string', default: '40' }, 'xray-sdk': { type: 'string' } },
});
if (!args['xray-sdk']) throw new Error('--xray-sdk <dir>: where `npm install aws-xray-sdk-core` ran');
const runs = Number(args.runs);
const dir = mkdtempSync(join(tmpdir(), 'slimshop-xray-bench-'));

// Bundled like the API (minified ESM, split: a dynamic import() stays a chunk read only when called).
async function bundle(entry, name) {
  const outdir = join(dir, name);
  await build({
    entryPoints: { index: join(repoRoot, entry) },
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    minify: true,
    outdir,
    outExtension: { '.js': '.mjs' },
    nodePaths: [join(args['xray-sdk'], 'node_modules')],
    // aws-xray-sdk-core is CommonJS: a require shim as the API bundle has one.
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
    logLevel: 'error',
  });
  return join(outdir, 'index.mjs');
}

// The stand-in daemon: datagrams received while a case's process ran are that case's.
const daemon = createSocket('udp4');
daemon.bind(0, '127.0.0.1');
await once(daemon, 'listening');
let datagrams = 0;
daemon.on('message', () => datagrams++);

// As Lambda sets them for a sampled invocation of a function with active tracing.
const SAMPLED = {
  _X_AMZN_TRACE_ID: 'Root=1-67891233-abcdef012345678912345678;Parent=53995c3f42cd8ad8;Sampled=1',
  AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${daemon.address().port}`,
  // aws-xray-sdk-core takes this as "running on Lambda" (facade segment from _X_AMZN_TRACE_ID).
  LAMBDA_TASK_ROOT: '/var/task',
};
const cases = {
  'hello + log line': { file: await bundle('bench/lib/metrics-hello-log.mjs', 'log'), env: SAMPLED },
  'own writer, sampled': { file: await bundle('bench/lib/xray-hello-own.mjs', 'own'), env: SAMPLED },
  'own writer, no trace header': { file: await bundle('bench/lib/xray-hello-own.mjs', 'own'), env: {} },
  'aws-xray-sdk-core, sampled': { file: await bundle('bench/lib/xray-hello-sdk.mjs', 'sdk'), env: SAMPLED },
};

async function coldStart({ file, env }) {
  const before = datagrams;
  const child = spawn(process.execPath, [join(repoRoot, 'bench/lib/invoke-once.mjs'), file, '/health'], {
    env: { PATH: process.env.PATH, AWS_LAMBDA_FUNCTION_NAME: 'bench', ...env },
  });
  let out = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  const [code] = await once(child, 'exit');
  if (code !== 0) throw new Error(`${file} exited ${code}`);
  // Loopback datagrams sent before the child exited are queued for us by now; let them be read.
  await sleep(5);
  // The invoke report is the last line; the log line comes before it.
  return { ...JSON.parse(out.trim().split('\n').at(-1)), datagrams: datagrams - before };
}

const names = Object.keys(cases);
const samples = Object.fromEntries(names.map((name) => [name, []]));
const load = loadRecorder();
await coldStart(cases['hello + log line']);
for (let i = 0; i < runs; i++) {
  for (const name of i % 2 ? [...names].reverse() : names) samples[name].push(await coldStart(cases[name]));
  load.sample();
}
daemon.close();

const column = (name, key) => samples[name].map((sample) => sample[key]);
const baseline = 'hello + log line';
const rows = names.map((name) => ({
  handler: name,
  'bytes read at start': startupBytes(cases[name].file),
  'until answered ms, median (p10-p90, min-max)': spreadCell(spread(column(name, 'sinceProcessStartMs'))),
  'added ms (median)': Math.round(
    spread(column(name, 'sinceProcessStartMs')).median -
      spread(column(baseline, 'sinceProcessStartMs')).median,
  ),
  'ratio (rounds p10-p90)': (({ ratio, roundsP10, roundsP90 }) => `${ratio} (${roundsP10}-${roundsP90})`)(
    ratioAgainst(column(name, 'sinceProcessStartMs'), column(baseline, 'sinceProcessStartMs')),
  ),
  'process CPU ms': spreadCell(spread(column(name, 'cpuMs'))),
  'datagrams per run': column(name, 'datagrams').reduce((sum, n) => sum + n, 0) / runs,
}));
printTable(
  `X-Ray subsegment writers on a cold start, ${runs} fresh processes each (node ${process.version}, 1-min load ${JSON.stringify(load.summary())})`,
  rows,
);
await writeResult('xray-cold-start', { runs, load: load.summary(), rows });

// The entry file plus its split chunks (the ones behind a dynamic import are read later, not at start).
function startupBytes(file) {
  const outdir = join(file, '..');
  const lazy = readdirSync(outdir).filter((name) => name.startsWith('xray-daemon'));
  return (
    statSync(file).size +
    readdirSync(outdir)
      .filter((name) => name.endsWith('.mjs') && name !== 'index.mjs' && !lazy.includes(name))
      .reduce((sum, name) => sum + statSync(join(outdir, name)).size, 0)
  );
}
