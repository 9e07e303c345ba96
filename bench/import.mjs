// import-catalog rows per second (JSONL and CSV) against a raw BatchWriteItem loop writing the same items,
// pre-built, into the same dynalite in the same run; then the job's memory over a large generated file.
// Usage: node bench/import.mjs [--rows 4000] [--rounds 3] [--memory-rows 200000]
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { tsImport } from 'tsx/esm/api';
import { startDynaliteProcess } from './lib/harness.mjs';
import { median, printTable, repoRoot, round, writeResult } from './lib/report.mjs';

const { values: args } = parseArgs({
  options: {
    rows: { type: 'string', default: '4000' },
    rounds: { type: 'string', default: '3' },
    'memory-rows': { type: 'string', default: '200000' },
    'memory-child': { type: 'boolean', default: false },
  },
});
const rows = Number(args.rows);
const rounds = Number(args.rounds);
const memoryRows = Number(args['memory-rows']);
const kit = await tsImport('./lib/import-kit.ts', import.meta.url);

if (args['memory-child']) {
  // Run in a child with --expose-gc so each sample is taken right after a full collection.
  console.log(JSON.stringify(await kit.memoryProfile(memoryRows)));
  process.exit(0);
}

const dir = await mkdtemp(join(tmpdir(), 'slimshop-bench-import-'));
const files = {
  jsonl: join(dir, 'catalog.jsonl'),
  csv: join(dir, 'catalog.csv'),
};
await writeFile(files.jsonl, kit.benchFileText(rows, 'jsonl'));
await writeFile(files.csv, kit.benchFileText(rows, 'csv'));
const items = kit.benchItems(rows);
// Each measurement gets a dynalite process of its own (an in-memory dynalite slows as it fills, so a later
// variant would pay for the earlier ones' data), and the order rotates every round so no variant always
// runs first or last. Ratios are taken within a round (same machine load), then their median.
async function measure(run) {
  const dynalite = await startDynaliteProcess();
  try {
    return await run(dynalite.endpoint);
  } finally {
    process.kill(dynalite.pid);
  }
}
const variants = {
  'raw loop (1 at a time)': (endpoint) => rawRate(endpoint, 1),
  'raw loop (4 at a time)': (endpoint) => rawRate(endpoint, 4),
  'import-catalog JSONL': (endpoint) => importRate(endpoint, files.jsonl),
  'import-catalog CSV': (endpoint) => importRate(endpoint, files.csv),
};
async function rawRate(endpoint, concurrency) {
  return rows / (await kit.rawLoop(await kit.freshTable(endpoint, 'bench-import'), items, concurrency));
}
async function importRate(endpoint, file) {
  await kit.freshTable(endpoint, 'bench-import');
  const { seconds, summary } = await kit.runImport(endpoint, 'bench-import', file);
  if (summary.imported !== rows || summary.rejected !== 0) {
    throw new Error(`unexpected summary ${JSON.stringify(summary)}`);
  }
  return rows / seconds;
}

const names = Object.keys(variants);
const samples = Object.fromEntries(names.map((name) => [name, []]));
const ratios = { 'import-catalog JSONL': [], 'import-catalog CSV': [] };
for (let round_ = 0; round_ < rounds; round_++) {
  const order = names.map((_, i) => names[(i + round_) % names.length]);
  const rates = {};
  for (const name of order) {
    rates[name] = await measure(variants[name]);
    samples[name].push(rates[name]);
    console.log(`round ${round_ + 1}: ${name.padEnd(24)} ${round(rates[name], 0)} rows/s`);
  }
  const best = Math.max(rates['raw loop (1 at a time)'], rates['raw loop (4 at a time)']);
  for (const name of Object.keys(ratios)) ratios[name].push(rates[name] / best);
}

const table = names.map((name) => ({
  variant: name,
  'rows/s (median)': round(median(samples[name]), 0),
  'median ratio to best raw loop': name in ratios ? round(median(ratios[name]), 2) : '',
  samples: samples[name].map((rate) => round(rate, 0)).join(' '),
}));
printTable(
  `import-catalog vs raw BatchWriteItem of the same items, ${rows} rows × ${rounds} rounds, dynalite in its own process`,
  table,
);
const importMedian = median([...samples['import-catalog JSONL'], ...samples['import-catalog CSV']]);
console.log(
  `\nms per row for estimates (src/jobs/estimates.ts MS_PER_UNIT.importRow): ${round(1000 / importMedian, 2)}`,
);

console.log(`\nmemory: ${memoryRows} generated rows through the job (catalog writes discarded) ...`);
const child = spawnSync(
  process.execPath,
  ['--expose-gc', join(repoRoot, 'bench/import.mjs'), '--memory-child', '--memory-rows', String(memoryRows)],
  { encoding: 'utf8', maxBuffer: 10 * 1024 * 1024 },
);
if (child.status !== 0) throw new Error(`memory run failed: ${child.stderr}`);
const memory = JSON.parse(child.stdout.trim().split('\n').at(-1));
printTable(
  `job memory over ${memoryRows} rows (${round(memoryRows / memory.seconds, 0)} rows/s parsed and validated)`,
  memory.samples,
);

await writeResult('import', {
  rows,
  rounds,
  target: 'import-catalog >= 0.8 × the raw BatchWriteItem loop (the faster of 1 and 4 calls at a time)',
  results: table,
  ratios: Object.fromEntries(
    Object.entries(ratios).map(([name, values]) => [name, values.map((v) => round(v, 2))]),
  ),
  msPerImportRow: round(1000 / importMedian, 2),
  memory: { rows: memoryRows, seconds: round(memory.seconds, 1), samples: memory.samples },
});
await rm(dir, { recursive: true, force: true });
process.exit(0);
