// Shared helpers for the benchmarks: statistics, a plain-text table, and the JSON result file.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Nearest-rank percentile of unsorted samples. */
export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export const round = (value, digits = 2) => Number(value.toFixed(digits));

/** Prints rows (objects with the same keys) as an aligned table. */
export function printTable(title, rows) {
  const columns = Object.keys(rows[0] ?? {});
  const cell = (value) => (typeof value === 'number' ? String(round(value)) : String(value));
  const widths = columns.map((column) =>
    Math.max(column.length, ...rows.map((row) => cell(row[column]).length)),
  );
  const line = (values) => values.map((value, i) => value.padStart(widths[i])).join('  ');
  console.log(`\n${title}`);
  console.log(line(columns));
  for (const row of rows) console.log(line(columns.map((column) => cell(row[column]))));
}

/** Writes bench/results/<name>.json with the environment the numbers were measured on. */
export async function writeResult(name, result) {
  const file = join(repoRoot, 'bench', 'results', `${name}.json`);
  await mkdir(dirname(file), { recursive: true });
  const environment = { node: process.version, platform: `${process.platform}-${process.arch}` };
  await writeFile(
    file,
    `${JSON.stringify({ name, measuredAt: new Date().toISOString(), environment, ...result }, null, 2)}\n`,
  );
  console.log(`\nwrote ${file}`);
}
