// import-catalog rows per second (JSONL and CSV) against a raw BatchWriteItem loop writing the same items,
// pre-built, into the same DynamoDB Local in the same run; then the job's memory over a large generated file.
// The import runs into an empty catalog (the initial load, which reads nothing for new rows) and, once per
// round, into a catalog holding one other product (the careful path: each row's product and SKU claim read).
// Usage: node bench/import.mjs [--rows 4000] [--rounds 3] [--memory-rows 200000]
// `--shapes` measures instead what each request shape (batches, transactions of 1-33 rows, with and without
// token or conditions, in flight 1-8, reads) costs DynamoDB Local's CPU per row of the same items.
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import vm from 'node:vm';
import { tsImport } from 'tsx/esm/api';
import { DYNAMODB_STAND_IN, startDynamoDbProcess, treeCpuMs } from './lib/harness.mjs';
import { median, printTable, repoRoot, round, writeResult } from './lib/report.mjs';

const { values: args } = parseArgs({
  options: {
    rows: { type: 'string', default: '4000' },
    rounds: { type: 'string', default: '3' },
    'memory-rows': { type: 'string', default: '200000' },
    'memory-child': { type: 'boolean', default: false },
    shapes: { type: 'boolean', default: false },
  },
});
const rows = Number(args.rows);
const rounds = Number(args.rounds);
const memoryRows = Number(args['memory-rows']);
const kit = await tsImport('./lib/import-kit.ts', import.meta.url);
v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc');

if (args['memory-child']) {
  // Run in a child with --expose-gc so each sample is taken right after a full collection.
  console.log(JSON.stringify(await kit.memoryProfile(memoryRows)));
  process.exit(0);
}

if (args.shapes) {
  await measureShapes();
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
// Each measurement gets a DynamoDB Local process of its own (a fresh, warmed JVM: a later variant must not
// pay for the earlier ones' data or garbage), and the order rotates every round so no variant always runs
// first or last. Ratios are taken within a round (same machine load), then their median.
async function measure(run) {
  const dynamodb = await startDynamoDbProcess();
  try {
    return await run(dynamodb.endpoint, () => cpuMs(dynamodb.pid));
  } finally {
    // Neither the last variant's DynamoDB nor its garbage in this process may run into the next one's time.
    await dynamodb.stop();
    collectGarbage();
  }
}

/** Rows per second and DynamoDB Local's CPU per row over `timed` only (table set-up and the export left out). */
async function timedRows(cpu, timed) {
  const before = cpu();
  const seconds = await timed();
  const after = cpu();
  return {
    rate: rows / seconds,
    dynamodbMsPerRow: before === undefined ? undefined : (after - before) / rows,
  };
}

/** CPU time the DynamoDB process group has used so far (Linux /proc; undefined elsewhere): what each variant costs it. */
function cpuMs(pid) {
  return process.platform === 'linux' ? treeCpuMs(pid) : undefined;
}
const variants = {
  'raw loop (1 at a time)': (endpoint, cpu) => rawRate(endpoint, cpu, 1),
  'raw loop (4 at a time)': (endpoint, cpu) => rawRate(endpoint, cpu, 4),
  'import-catalog JSONL': (endpoint, cpu) => importRate(endpoint, cpu, files.jsonl),
  'import-catalog CSV': (endpoint, cpu) => importRate(endpoint, cpu, files.csv),
  'JSONL, catalog not empty': (endpoint, cpu) => importRate(endpoint, cpu, files.jsonl, true),
};
async function rawRate(endpoint, cpu, concurrency) {
  const table = await kit.freshTable(endpoint, 'bench-import');
  return timedRows(cpu, () => kit.rawLoop(table, items, concurrency));
}
async function importRate(endpoint, cpu, file, withProduct = false) {
  await kit.freshTable(endpoint, 'bench-import', withProduct);
  const measured = await timedRows(cpu, async () => {
    const { seconds, summary } = await kit.runImport(endpoint, 'bench-import', file);
    if (summary.imported !== rows || summary.rejected !== 0) {
      throw new Error(`unexpected summary ${JSON.stringify(summary)}`);
    }
    return seconds;
  });
  // The export of what was just imported, for export-catalog's estimate (not part of the import's rate).
  const exported = await kit.runExport(endpoint, 'bench-import', join(dir, 'export.jsonl'));
  if (exported.summary.exported !== rows + (withProduct ? 1 : 0))
    throw new Error(`exported ${exported.summary.exported} of ${rows}`);
  exportRates.push(rows / exported.seconds);
  return measured;
}

const names = Object.keys(variants);
const samples = Object.fromEntries(names.map((name) => [name, []]));
const cpu = Object.fromEntries(names.map((name) => [name, []]));
const exportRates = [];
const ratios = { 'import-catalog JSONL': [], 'import-catalog CSV': [], 'JSONL, catalog not empty': [] };
for (let round_ = 0; round_ < rounds; round_++) {
  const order = names.map((_, i) => names[(i + round_) % names.length]);
  const rates = {};
  for (const name of order) {
    const { rate, dynamodbMsPerRow } = await measure(variants[name]);
    rates[name] = rate;
    samples[name].push(rate);
    if (dynamodbMsPerRow !== undefined) cpu[name].push(dynamodbMsPerRow);
    console.log(`round ${round_ + 1}: ${name.padEnd(24)} ${round(rates[name], 0)} rows/s`);
  }
  const best = Math.max(rates['raw loop (1 at a time)'], rates['raw loop (4 at a time)']);
  for (const name of Object.keys(ratios)) ratios[name].push(rates[name] / best);
}

const table = names.map((name) => ({
  variant: name,
  'rows/s (median)': round(median(samples[name]), 0),
  'median ratio to best raw loop': name in ratios ? round(median(ratios[name]), 2) : '',
  'DynamoDB CPU ms/row': cpu[name].length > 0 ? round(median(cpu[name]), 2) : '',
  samples: samples[name].map((rate) => round(rate, 0)).join(' '),
}));
printTable(
  `import-catalog vs raw BatchWriteItem of the same items, ${rows} rows × ${rounds} rounds, DynamoDB Local in its own process`,
  table,
);
const importMedian = median([...samples['import-catalog JSONL'], ...samples['import-catalog CSV']]);
const exportMedian = median(exportRates);
console.log(
  `\nfor estimates (src/jobs/estimates.ts MS_PER_UNIT): importRow ${round(1000 / importMedian, 2)} ms, exportRow ${round(1000 / exportMedian, 3)} ms (export-catalog: ${round(exportMedian, 0)} rows/s)`,
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
  dynamodb: DYNAMODB_STAND_IN,
  target:
    'import-catalog >= 0.9 × the raw BatchWriteItem loop (the faster of 1 and 4 calls at a time) into an empty catalog, >= 0.6 × into a filled one',
  results: table,
  ratios: Object.fromEntries(
    Object.entries(ratios).map(([name, values]) => [name, values.map((v) => round(v, 2))]),
  ),
  msPerImportRow: round(1000 / importMedian, 2),
  msPerExportRow: round(1000 / exportMedian, 3),
  memory: { rows: memoryRows, seconds: round(memory.seconds, 1), samples: memory.samples },
});
await rm(dir, { recursive: true, force: true });
process.exit(0);

/**
 * DynamoDB Local's CPU per row for each write shape (kit.WRITE_SHAPES), each round in a rotated order, each
 * measurement in a fresh DynamoDB process. CPU per row moves less with the machine's other load than rows/s
 * (which compares only on a calm machine), but still by up to ~30 % on two busy vCPUs: compare shapes within
 * one run, over a few rounds (the load average is printed before and after).
 */
async function measureShapes() {
  const shapes = kit.WRITE_SHAPES;
  const results = new Map(shapes.map((shape) => [shape.name, { cpu: [], rates: [] }]));
  const loadBefore = loadavg()[0];
  for (let round_ = 0; round_ < rounds; round_++) {
    for (const shape of shapes.map((_, i) => shapes[(i + round_) % shapes.length])) {
      await measure(async (endpoint, cpu) => {
        const table = await kit.shapeTable(endpoint, 'bench-shapes', shape, rows);
        const before = cpu();
        const seconds = await kit.runShape(table, shape, rows);
        const after = cpu();
        const result = results.get(shape.name);
        if (before !== undefined) result.cpu.push((after - before) / rows);
        result.rates.push(rows / seconds);
        console.log(`round ${round_ + 1}: ${shape.name.padEnd(40)} ${round(rows / seconds, 0)} rows/s`);
      });
    }
  }
  const spread = (values) => `${round(Math.min(...values), 2)}-${round(Math.max(...values), 2)}`;
  const table = shapes.map((shape) => {
    const { cpu, rates } = results.get(shape.name);
    return {
      shape: shape.name,
      'DynamoDB CPU ms/row (median)': cpu.length > 0 ? round(median(cpu), 2) : '',
      'CPU spread': cpu.length > 0 ? spread(cpu) : '',
      'rows/s (median)': round(median(rates), 0),
    };
  });
  const load = `load average ${round(loadBefore, 1)} before, ${round(loadavg()[0], 1)} after`;
  printTable(
    `write shapes, ${rows} rows × ${rounds} rounds, DynamoDB Local in its own process (${load})`,
    table,
  );
  await writeResult('import-shapes', { rows, rounds, dynamodb: DYNAMODB_STAND_IN, load, results: table });
}
