// Where a Lambda cold start of the API goes: CPU profiles of fresh processes answering one event, from an
// unminified build of the same entry (readable names), self time summed per function and per source line.
// Not a benchmark (the profiler adds ~30 %): it says what to look at; bench/cold-start.mjs measures.
// Profiled on Node 22 (the Lambda runtime, installed once into .cache/node22, or --node22 <path>) unless
// --node 20 asks for this process's node.
// Usage: node bench/cold-start-profile.mjs [--runs 10] [--path health|product] [--top 30] [--node 22|20]
import { execFile, execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { lambdaEnv, startCatalogDynamoDb } from './lib/cold-start-setup.mjs';
import { node22Binary } from './lib/node22.mjs';
import { repoRoot } from './lib/report.mjs';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '10' },
    path: { type: 'string', default: 'product' },
    top: { type: 'string', default: '30' },
    node: { type: 'string', default: '22' },
    node22: { type: 'string' },
  },
});
const runs = Number(args.runs);
const node = args.node === '20' ? process.execPath : node22Binary(args.node22);

const dir = await mkdtemp(join(tmpdir(), 'slimshop-profile-'));
const outdir = join(dir, 'dist');
execFileSync(
  process.execPath,
  [join(repoRoot, 'scripts/build.mjs'), '--quiet', '--readable', '--outdir', outdir],
  {
    stdio: 'inherit',
  },
);
const entry = join(outdir, 'lambda/api');

const catalog = await startCatalogDynamoDb();
const path = args.path === 'health' ? '/health' : `/products/${catalog.productId}`;
const profiles = join(dir, 'profiles');
for (let i = 0; i < runs; i++) {
  await promisify(execFile)(
    node,
    [
      '--cpu-prof',
      `--cpu-prof-dir=${profiles}`,
      '--cpu-prof-interval=50',
      join(repoRoot, 'bench/lib/invoke-once.mjs'),
      join(entry, 'index.mjs'),
      path,
    ],
    { env: lambdaEnv(catalog.endpoint) },
  );
}
await catalog.close();

const byFunction = new Map();
const byLine = new Map();
const add = (map, key, ms) => map.set(key, (map.get(key) ?? 0) + ms);
for (const file of await readdir(profiles)) {
  const profile = JSON.parse(await readFile(join(profiles, file), 'utf8'));
  const selfUs = new Map();
  profile.samples.forEach((id, i) => {
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  for (const node of profile.nodes) {
    const ms = (selfUs.get(node.id) ?? 0) / 1000 / runs;
    if (ms === 0) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url.replace(`file://${entry}/`, '') || '(native)';
    add(byFunction, `${functionName || '(top level)'}  ${where}:${lineNumber + 1}`, ms);
    // Lazy compilation of a callee is charged to its caller's line: this is how a slow first call shows.
    const totalTicks = (node.positionTicks ?? []).reduce((sum, tick) => sum + tick.ticks, 0);
    for (const tick of node.positionTicks ?? [])
      add(byLine, `${where}:${tick.line}`, (ms * tick.ticks) / totalTicks);
  }
}
await rm(dir, { recursive: true, force: true });

const top = (map) =>
  [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, Number(args.top))
    .map(([key, ms]) => `${ms.toFixed(2).padStart(8)} ms  ${key}`)
    .join('\n');
const version = (await promisify(execFile)(node, ['--version'])).stdout.trim();
console.log(
  `Self time per cold start (node ${version}, mean of ${runs} profiled processes answering GET ${path}):\n`,
);
console.log(`by function\n${top(byFunction)}\n\nby line\n${top(byLine)}`);
