import type { UpsertOutcome } from '../app/ports/catalog-bulk-writer.js';
import { ValidationError } from '../domain/shared/errors.js';
import * as z from '../domain/shared/zod.js';
import { BloomFilter } from './bloom-filter.js';
import {
  CATALOG_FORMATS,
  type CatalogFormat,
  CSV_HEADER,
  type CsvLayout,
  csvLayoutOf,
  formatOf,
  type ParsedRow,
  rowFromCsv,
  rowFromJsonLine,
} from './catalog-files/catalog-rows.js';
import { createRejectReport } from './catalog-files/reject-report.js';
import { csvRecords, jsonLines } from './catalog-files/text-records.js';
import { estimateFileRows, estimateOf, fileRowsPhrase, MS_PER_UNIT } from './estimates.js';
import { type JobContext, type JobDefinition, TransientJobError } from './job.js';
import type { JobServices } from './job-services.js';
import { createOrderedPipeline } from './ordered-pipeline.js';

const importArgsSchema = z.strictObject({
  file: z.string().check(z.minLength(1)),
  format: z.optional(z.enum(CATALOG_FORMATS)),
  report: z.optional(z.string().check(z.minLength(1))),
});
export type ImportCatalogArgs = z.infer<typeof importArgsSchema>;

export interface ImportCatalogSummary {
  /** Data rows read (blank lines and the CSV header are not rows): imported + unchanged + rejected. */
  read: number;
  /** Rows written: products created or replaced. */
  imported: number;
  /** Rows refused, each listed in the report with its reasons. */
  rejected: number;
  /** Rows already in the catalog exactly as given: nothing written (rerunning a file gives only these). */
  unchanged: number;
  /** Where the rejected rows are listed, one JSON line each; absent when none were and none was asked for. */
  report?: string;
}

// 100 rows: one BatchGetItem of ~200 keys and a dozen BatchWriteItems; 4 batches in flight keep the table busy.
const BATCH_ROWS = 100;
const BATCHES_IN_FLIGHT = 4;

export const importCatalogJob: JobDefinition<ImportCatalogArgs, ImportCatalogSummary> = {
  name: 'import-catalog',
  description:
    'Upsert products from --file <path|s3://…> (jsonl: PUT bodies with id; csv) [--format jsonl|csv] [--report <path|s3://…>]',
  args: importArgsSchema,
  files: { file: 'read', report: 'write' },
  async estimate(args, services) {
    const headerLines = formatOf(args.file, args.format) === 'csv' ? 1 : 0;
    const rows = await estimateFileRows(services.files, args.file, { headerLines });
    return estimateOf(rows.rows, 'rows', MS_PER_UNIT.importRow, fileRowsPhrase(rows));
  },
  run: importCatalog,
};

/** Where the report goes when --report is not given: next to the input. */
export const defaultReportLocation = (file: string): string => `${file}.rejected.jsonl`;

async function importCatalog(args: ImportCatalogArgs, context: JobContext): Promise<ImportCatalogSummary> {
  const { services, signal } = context;
  const format = formatOf(args.file, args.format);
  // First: a missing input fails the job before anything (a report) is created.
  const size = await services.files.size(args.file);
  const reportLocation = args.report ?? defaultReportLocation(args.file);
  const report = createRejectReport(() =>
    services.files.createWriter(reportLocation, 'application/x-ndjson'),
  );
  // An explicit report always exists afterwards (empty: nothing rejected), so a rerun never shows an old one.
  if (args.report !== undefined) await report.open();
  const counts = { read: 0, imported: 0, rejected: 0, unchanged: 0 };
  const progress = { bytes: 0 };
  // The initial load (docs/jobs.md): into an empty catalog, a row whose id and SKU no earlier row of this
  // run had cannot meet a stored product or SKU claim, so nothing is read for it (a third less work for
  // DynamoDB). Its lease keeps every other import out meanwhile; the filter remembers the run's ids and
  // SKUs in constant memory (a false "maybe" only costs the reads).
  const lease = await services.catalog.startInitialLoad(args.file);
  const seen = lease === undefined ? undefined : new BloomFilter();
  let held = lease;
  /** Before each batch: may its new rows skip the reads? Stops when another run's initial load is on. */
  const writesWithoutReading = async () => {
    if (held !== undefined && !(await held.renew())) held = undefined; // lost (it expired): read from now on
    if (held !== undefined) return true;
    if (await services.catalog.initialLoadRunning(args.file)) {
      throw new TransientJobError(
        'An initial load of the catalog is running: run this import again once it has finished.',
      );
    }
    return false;
  };

  const pipeline = createOrderedPipeline<{ rows: ParsedRow[]; outcomes: UpsertOutcome[] }>(
    BATCHES_IN_FLIGHT,
    async ({ rows, outcomes }) => {
      let next = 0;
      for (const row of rows) {
        const outcome: UpsertOutcome =
          row.upsert === undefined
            ? { status: 'rejected', errors: row.errors ?? [] }
            : (outcomes[next++] as UpsertOutcome);
        if (outcome.status === 'rejected') {
          counts.rejected++;
          await report.add({ line: row.line, id: row.id, errors: outcome.errors });
        } else if (outcome.status === 'unchanged') {
          counts.unchanged++;
        } else {
          counts.imported++;
        }
      }
      const done = counts.imported + counts.unchanged + counts.rejected;
      const total = progress.bytes > 0 ? Math.round((counts.read / progress.bytes) * size) : undefined;
      context.onProgress({
        done,
        unit: 'rows',
        ...(total === undefined ? {} : { total: Math.max(total, done) }),
      });
    },
  );

  let batch: ParsedRow[] = [];
  let keys = new Set<string>();
  const dispatch = async () => {
    const rows = batch;
    const fast = await writesWithoutReading();
    const upserts = rows.flatMap(({ upsert }) => {
      if (upsert === undefined) return [];
      const { knownNew: _, ...careful } = upsert;
      return [fast ? upsert : careful];
    });
    await pipeline.push(
      async () => ({
        rows,
        outcomes: upserts.length === 0 ? [] : await services.catalog.upsertProducts(upserts),
      }),
      keys,
    );
    batch = [];
    keys = new Set();
  };

  try {
    for await (const row of parsedRows(services, args.file, format, progress)) {
      if (signal.aborted) throw new TransientJobError('The import was interrupted; rerun it to finish.');
      counts.read++;
      if (row.upsert !== undefined) {
        const rowKeys = [`id:${row.upsert.id}`, `sku:${row.upsert.input.sku}`];
        // One batch never holds an id or SKU twice: a later row must see what the earlier one wrote.
        if (rowKeys.some((key) => keys.has(key))) await dispatch();
        for (const key of rowKeys) keys.add(key);
        if (seen !== undefined) {
          if (!rowKeys.some((key) => seen.mightHave(key))) row.upsert.knownNew = true;
          for (const key of rowKeys) seen.add(key);
        }
      }
      batch.push(row);
      if (batch.length >= BATCH_ROWS) await dispatch();
    }
    if (batch.length > 0) await dispatch();
    await pipeline.drain();
  } catch (error) {
    await pipeline.drain().catch(() => undefined);
    // A run that did not finish leaves no report: the rerun writes the whole one.
    await report.abort();
    throw error;
  } finally {
    await lease?.release();
  }
  await report.close();
  return { ...counts, ...(report.opened() ? { report: reportLocation } : {}) };
}

async function* parsedRows(
  services: JobServices,
  file: string,
  format: CatalogFormat,
  progress: { bytes: number },
): AsyncIterable<ParsedRow> {
  const bytes = counted(services.files.read(file), progress);
  if (format === 'jsonl') {
    for await (const { line, value } of jsonLines(bytes)) yield rowFromJsonLine(line, value);
    return;
  }
  let layout: CsvLayout | undefined;
  for await (const { line, value } of csvRecords(bytes)) {
    if (layout === undefined) {
      // The current header, or the one of files written before products had a tax class.
      layout = 'fields' in value ? csvLayoutOf(value.fields) : undefined;
      if (layout === undefined) {
        throw new ValidationError(`The CSV file must start with the header ${CSV_HEADER}.`, [
          { path: 'file', message: `line ${line} is not the header ${CSV_HEADER}` },
        ]);
      }
      continue;
    }
    yield rowFromCsv(line, value, layout);
  }
}

async function* counted(bytes: AsyncIterable<Uint8Array>, progress: { bytes: number }) {
  for await (const chunk of bytes) {
    progress.bytes += chunk.byteLength;
    yield chunk;
  }
}
