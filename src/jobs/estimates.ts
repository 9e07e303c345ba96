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

export function estimateOf(units: number, unit: string, msPerUnit: number, basis: string): DurationEstimate {
  const rounded = Math.max(0, Math.round(units));
  return {
    units: rounded,
    unit,
    msPerUnit,
    seconds: Math.ceil((rounded * msPerUnit) / 1000),
    basis: `${basis} × ${msPerUnit} ms per ${unit.replace(/s$/, '')}`,
  };
}

/**
 * Rows in a text file without reading it all: its size divided by the bytes per line of its first 64 KB.
 * A CSV header counts as a row here: one row too many is well inside the estimate's precision.
 */
export async function estimateFileRows(
  files: FileStore,
  location: string,
): Promise<{ rows: number; size: number; bytesPerRow: number }> {
  const size = await files.size(location);
  if (size === 0) return { rows: 0, size, bytesPerRow: 0 };
  let sampled = 0;
  let lines = 0;
  for await (const chunk of files.read(location, { start: 0, end: Math.min(size, SAMPLE_BYTES) })) {
    sampled += chunk.byteLength;
    for (const byte of chunk) if (byte === 10) lines++;
  }
  // A file of one line without a newline, or a sample cut inside the first row: count it as one row.
  lines = Math.max(lines, 1);
  const bytesPerRow = sampled / lines;
  return { rows: size / bytesPerRow, size, bytesPerRow };
}
