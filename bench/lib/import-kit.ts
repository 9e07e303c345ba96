// What bench/import.mjs runs: import-catalog through the real job code, and the baseline it is measured
// against: a plain BatchWriteItem loop writing the SAME items (product, SKU claim, category membership per
// row), pre-built, into the same DynamoDB Local.
import { createDynamoCatalogRepository } from '../../src/adapters/dynamodb/catalog-repository.js';
import { createDocumentClient } from '../../src/adapters/dynamodb/client.js';
import { membershipKey, skuGuardKey } from '../../src/adapters/dynamodb/keys.js';
import { toProductItem } from '../../src/adapters/dynamodb/product-item.js';
import { batchWrite, type Table, type WriteRequest } from '../../src/adapters/dynamodb/table.js';
import { ensureTable } from '../../src/adapters/dynamodb/table-schema.js';
import type { CatalogBulkWriter } from '../../src/app/ports/catalog-bulk-writer.js';
import { systemClock } from '../../src/app/ports/clock.js';
import type { FileStore } from '../../src/app/ports/file-store.js';
import { silentLogger } from '../../src/app/ports/logger.js';
import { createJobServices } from '../../src/composition/create-job-services.js';
import { loadJobConfig } from '../../src/config/config.js';
import type { Product } from '../../src/domain/catalog/product.js';
import { CSV_HEADER, productCsvLine, productJsonLine } from '../../src/jobs/catalog-files/catalog-rows.js';
import { exportCatalogJob } from '../../src/jobs/export-catalog.js';
import { importCatalogJob } from '../../src/jobs/import-catalog.js';
import type { JobDefinition } from '../../src/jobs/job.js';

const CATEGORIES = ['tea', 'coffee', 'cups'];

/** Row i of the bench catalog: a valid product as an import row describes it. */
export function benchProduct(i: number, now: string): Product {
  return {
    id: `bench-${i}`,
    sku: `BENCH-SKU-${i}`,
    name: `Bench product ${i} ${['espresso', 'filter', 'tea', 'mug'][i % 4]}`,
    description: `Generated for the import benchmark, row ${i}, "quoted", with a comma.`,
    price: { amount: 500 + ((i * 37) % 5000), currency: 'EUR' },
    categoryId: CATEGORIES[i % CATEGORIES.length] as string,
    status: 'active',
    attributes: {},
    taxClass: 'standard',
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
}

export function benchFileText(rows: number, format: 'jsonl' | 'csv'): string {
  const now = new Date().toISOString();
  const lines = format === 'csv' ? [CSV_HEADER] : [];
  for (let i = 0; i < rows; i++) {
    const product = benchProduct(i, now);
    lines.push(format === 'csv' ? productCsvLine(product) : productJsonLine(product));
  }
  return `${lines.join('\n')}\n`;
}

/** The items import-catalog writes for these rows: 3 per row, built before the clock starts. */
export function benchItems(rows: number): WriteRequest[] {
  const now = new Date().toISOString();
  const items: WriteRequest[] = [];
  for (let i = 0; i < rows; i++) {
    const product = benchProduct(i, now);
    items.push(
      { put: { ...skuGuardKey(product.sku), productId: product.id } },
      { put: { ...membershipKey(product.categoryId, 'PRODUCT', product.id) } },
      { put: toProductItem(product) },
    );
  }
  return items;
}

/**
 * The table with the bench's categories. `withProduct`: plus one product the file does not mention, so an
 * import takes its careful path (reads each row's product and SKU claim) instead of the initial load.
 */
export async function freshTable(endpoint: string, tableName: string, withProduct = false): Promise<Table> {
  const client = createDocumentClient({ region: 'us-east-1', endpoint });
  await ensureTable(client, tableName);
  const repository = createDynamoCatalogRepository({ client, tableName });
  const now = new Date().toISOString();
  for (const id of CATEGORIES)
    await repository.insertCategory({ id, name: id, createdAt: now, updatedAt: now, version: 1 });
  if (withProduct)
    await repository.insertProduct({ ...benchProduct(0, now), id: 'stored-before', sku: 'STORED-BEFORE' });
  return { client, tableName, clock: systemClock };
}

/** The baseline: BatchWriteItem calls of 25, `concurrency` at a time. Returns seconds. */
export async function rawLoop(table: Table, items: WriteRequest[], concurrency: number): Promise<number> {
  const chunks: WriteRequest[][] = [];
  for (let i = 0; i < items.length; i += 25) chunks.push(items.slice(i, i + 25));
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < chunks.length) await batchWrite(table, chunks[next++] as WriteRequest[]);
    }),
  );
  return (performance.now() - started) / 1000;
}

/** A job as `npm run job` runs it (same services) against the table, timed from start to summary. */
async function timedJob<A, S extends object>(
  job: JobDefinition<A, S>,
  args: A,
  endpoint: string,
  tableName: string,
) {
  const runtime = createJobServices(loadJobConfig({ TABLE_NAME: tableName, DYNAMODB_ENDPOINT: endpoint }), {
    logger: silentLogger,
    files: 'anywhere',
  });
  const started = performance.now();
  const summary = await job.run(args, {
    services: runtime.services,
    onProgress: () => {},
    signal: new AbortController().signal,
  });
  const seconds = (performance.now() - started) / 1000;
  await runtime.close();
  return { seconds, summary };
}

export const runImport = (endpoint: string, tableName: string, file: string) =>
  timedJob(importCatalogJob, { file }, endpoint, tableName);

export const runExport = (endpoint: string, tableName: string, out: string) =>
  timedJob(exportCatalogJob, { out }, endpoint, tableName);

/**
 * Memory of the job itself over `rows` rows: the file is generated on the fly as it is read (never whole in
 * memory, never on disk) and the catalog accepts every batch at once, so only the job's own buffers could
 * grow. Samples RSS and heap (after a GC when --expose-gc is on) at every 10% of the rows.
 */
export async function memoryProfile(rows: number) {
  const gc = (globalThis as { gc?: () => void }).gc;
  const files: FileStore = {
    size: async () => rows * 300,
    async *read() {
      const now = new Date().toISOString();
      let text = '';
      for (let i = 0; i < rows; i++) {
        text += `${productJsonLine(benchProduct(i, now))}\n`;
        if (text.length > 64 * 1024) {
          yield new TextEncoder().encode(text);
          text = '';
        }
      }
      if (text !== '') yield new TextEncoder().encode(text);
    },
    createWriter: async () => ({ write: async () => {}, close: async () => {}, abort: async () => {} }),
  };
  const catalog: CatalogBulkWriter = {
    upsertProducts: async (batch) => batch.map(() => ({ status: 'created' as const })),
    products: async function* () {},
    // Empty, as for an initial load: the run keeps its filter of seen ids and SKUs, part of what is measured.
    startInitialLoad: async () => ({ renew: async () => true, release: async () => {} }),
    initialLoadRunning: async () => false,
    countProducts: async () => 0,
  };
  const samples: { rows: number; rssMb: number; heapMb: number }[] = [];
  const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
  let nextSample = 0;
  const started = performance.now();
  const summary = await importCatalogJob.run(
    { file: 'generated.jsonl' },
    {
      services: { logger: silentLogger, files, catalog },
      signal: new AbortController().signal,
      onProgress: ({ done }) => {
        if (done < nextSample) return;
        nextSample += rows / 10;
        gc?.();
        const usage = process.memoryUsage();
        samples.push({ rows: done, rssMb: mb(usage.rss), heapMb: mb(usage.heapUsed) });
      },
    },
  );
  return { summary, seconds: (performance.now() - started) / 1000, samples, gc: gc !== undefined };
}
