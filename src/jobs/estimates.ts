import { countOf } from '../app/jobs/counted.js';
import type { FileStore } from '../app/ports/file-store.js';
import type { DurationEstimate } from './job.js';

/**
 * Milliseconds per unit of work, measured by the benchmarks (docs/benchmarks.md, "Import") on this project's
 * reference machine against a pure-Node DynamoDB emulator (the stand-in before DynamoDB Local); DynamoDB
 * itself is faster per row. Rerun the bench command named beside
 * each constant to refresh it.
 */
export const MS_PER_UNIT = {
  /**
   * `node bench/import.mjs --rows 2000 --rounds 7` (2026-11-26, 2 vCPUs, load ~10, that emulator): median of the
   * JSONL and CSV import rounds, 2.08 ms per row (bench/results/import.json). DynamoDB is faster per row.
   */
  importRow: 2.1,
  /** The same bench run: export-catalog of the imported table, 0.19 ms per product (5,279 products/s). */
  exportRow: 0.19,
  /** One original decoded and its variants encoded by sharp (bench/images.mjs; docs/benchmarks.md, images). */
  image: 900,
  /** A day of orders in the sales report's one aggregate query (an index range scan): a bound, not measured. */
  reportDay: 20,
} as const;

const SAMPLE_BYTES = 64 * 1024;

/**
 * `basis` says how many units and how they were found ("about 120,000 rows (a file of 9.1 MB at about 76
 * bytes per row)"); the time per unit is added here, so the runner's reason can quote it as it is.
 * `unit` is the plural noun (rows, products, images, days).
 */
export function estimateOf(units: number, unit: string, msPerUnit: number, basis: string): DurationEstimate {
  const rounded = Math.max(0, Math.round(units));
  return {
    units: rounded,
    unit,
    msPerUnit,
    seconds: Math.ceil((rounded * msPerUnit) / 1000),
    basis: `${basis} at ${msPerUnit} ms per ${unit.replace(/s$/, '')}`,
  };
}

/** "120 bytes", "64.5 KB", "9.1 MB", "4.3 GB" (powers of 1,000): a file's size in a sentence. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return countOf(bytes, 'bytes');
  const [unit, scale] =
    bytes < 1e6 ? (['KB', 1e3] as const) : bytes < 1e9 ? (['MB', 1e6] as const) : (['GB', 1e9] as const);
  return `${Number((bytes / scale).toFixed(1)).toLocaleString('en')} ${unit}`;
}

/** The rows of a text file as a phrase for an estimate's basis: counted when the sample was the whole file. */
export function fileRowsPhrase({ rows, size, bytesPerRow, counted }: FileRows): string {
  if (counted) return `${countOf(rows, 'rows')} (counted in a file of ${formatBytes(size)})`;
  return `about ${countOf(rows, 'rows')} (a file of ${formatBytes(size)} at about ${countOf(bytesPerRow, 'bytes')} per row)`;
}

export interface FileRows {
  rows: number;
  size: number;
  bytesPerRow: number;
  /** The sample was the whole file: `rows` is its number of lines, not an extrapolation. */
  counted: boolean;
}

/**
 * Rows in a text file without reading it all: its size divided by the bytes per line of its first 64 KB,
 * or its lines when that is the whole file. `headerLines` (a CSV header) are not rows.
 */
export async function estimateFileRows(
  files: FileStore,
  location: string,
  { headerLines = 0 } = {},
): Promise<FileRows> {
  const size = await files.size(location);
  if (size === 0) return { rows: 0, size, bytesPerRow: 0, counted: true };
  let sampled = 0;
  let lines = 0;
  let last = 10;
  for await (const chunk of files.read(location, { start: 0, end: Math.min(size, SAMPLE_BYTES) })) {
    sampled += chunk.byteLength;
    for (const byte of chunk) if (byte === 10) lines++;
    last = chunk.at(-1) ?? last;
  }
  const counted = sampled >= size;
  // A last line without a newline is a row too; so is a sample cut inside the first row.
  if (counted ? last !== 10 : lines === 0) lines++;
  const bytesPerRow = sampled / lines;
  const rows = Math.max(0, (counted ? lines : size / bytesPerRow) - headerLines);
  return { rows, size, bytesPerRow, counted };
}
