// What bench/import.mjs runs: import-catalog through the real job code, and the baseline it is measured
// against: a plain BatchWriteItem loop writing the SAME items (product, SKU claim, category membership per
// row), pre-built, into the same DynamoDB Local.
import { createHash } from 'node:crypto';
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { claimSkuGuard } from '../../src/adapters/dynamodb/catalog-guards.js';
import { createDynamoCatalogRepository } from '../../src/adapters/dynamodb/catalog-repository.js';
import { createDocumentClient } from '../../src/adapters/dynamodb/client.js';
import { membershipKey, productKey, skuGuardKey } from '../../src/adapters/dynamodb/keys.js';
import { toProductItem } from '../../src/adapters/dynamodb/product-item.js';
import { insertActions } from '../../src/adapters/dynamodb/product-writes.js';
import {
  batchGetItems,
  batchWrite,
  type Table,
  type TransactAction,
  type WriteRequest,
} from '../../src/adapters/dynamodb/table.js';
import { createTableInput, ensureTable, TABLE_KEYS } from '../../src/adapters/dynamodb/table-schema.js';
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

/**
 * A way of sending the bench rows' items to DynamoDB Local, for `bench/import.mjs --shapes`: what each
 * request shape costs DynamoDB Local's CPU per row, the import's transactions against the raw loop's batches.
 */
export interface WriteShape {
  name: string;
  /** BatchWriteItem of 25 items, TransactWriteItems of whole rows, or BatchGetItem of the rows' product and guard keys. */
  request: 'batch' | 'transaction' | 'read';
  /** Rows per TransactWriteItems (3 actions each: the import sends 33, up to DynamoDB's 100 actions). */
  rowsPerTransaction?: number;
  /** Requests in flight at once. */
  inFlight: number;
  /** Only the product item of each row (default: product, SKU guard and membership). */
  productOnly?: boolean;
  /** Without ClientRequestToken (the import always sends one). */
  noToken?: boolean;
  /** Without the actions' conditions (the import's product and guard puts are conditional). */
  noConditions?: boolean;
  /** A table with the same keys but none of the six GSIs: what the indexes cost DynamoDB Local. */
  noIndexes?: boolean;
}

type ShapeOptions = Omit<WriteShape, 'name' | 'request' | 'rowsPerTransaction'>;
const batches = (name: string, options: ShapeOptions): WriteShape => ({ name, request: 'batch', ...options });
/** Transactions of `rows` rows each, 4 in flight unless the options say otherwise. */
const transactions = (name: string, rows: number, options: Partial<ShapeOptions> = {}): WriteShape => ({
  name,
  request: 'transaction',
  rowsPerTransaction: rows,
  inFlight: 4,
  ...options,
});

export const WRITE_SHAPES: WriteShape[] = [
  batches('batch, 4 in flight (the raw loop)', { inFlight: 4 }),
  batches('batch, 1 in flight', { inFlight: 1 }),
  transactions('transactions of 1 row', 1),
  transactions('transactions of 4 rows', 4),
  transactions('transactions of 10 rows', 10),
  transactions('transactions of 33 rows (the import)', 33),
  transactions('33 rows, 1 in flight', 33, { inFlight: 1 }),
  transactions('33 rows, 8 in flight', 33, { inFlight: 8 }),
  transactions('33 rows, no ClientRequestToken', 33, { noToken: true }),
  transactions('33 rows, no conditions', 33, { noConditions: true }),
  transactions('33 rows, product items only', 33, { productOnly: true }),
  batches('batch, product items only', { inFlight: 4, productOnly: true }),
  batches('batch, table without GSIs', { inFlight: 4, noIndexes: true }),
  transactions('33 rows, table without GSIs', 33, { noIndexes: true }),
  { name: 'reads: product and guard keys', request: 'read', inFlight: 4 },
];

/** The shape's table (three categories; for reads, already holding the rows' items). */
export async function shapeTable(endpoint: string, tableName: string, shape: WriteShape, rows: number) {
  if (!shape.noIndexes) {
    const table = await freshTable(endpoint, tableName);
    if (shape.request === 'read') await rawLoop(table, benchItems(rows), 4);
    return table;
  }
  const client = createDocumentClient({ region: 'us-east-1', endpoint });
  const { GlobalSecondaryIndexes: _, ...input } = createTableInput(tableName);
  const keys = new Set([TABLE_KEYS.partitionKey, TABLE_KEYS.sortKey]);
  await client.send('CreateTable', {
    ...input,
    AttributeDefinitions: input.AttributeDefinitions?.filter((a) => keys.has(a.AttributeName as string)),
  });
  await ensureTable(client, tableName); // waits until ACTIVE
  return { client, tableName, clock: systemClock };
}

/** Sends the rows' items in the shape's requests; returns seconds. */
export async function runShape(table: Table, shape: WriteShape, rows: number): Promise<number> {
  const now = new Date().toISOString();
  const products = Array.from({ length: rows }, (_, i) => benchProduct(i, now));
  const requests: (() => Promise<unknown>)[] = [];
  if (shape.request === 'batch') {
    const items = benchItems(rows).filter(
      (item) => !shape.productOnly || ('put' in item && item.put.sk === 'PRODUCT'),
    );
    for (let i = 0; i < items.length; i += 25) requests.push(() => batchWrite(table, items.slice(i, i + 25)));
  } else if (shape.request === 'read') {
    const keys = products.flatMap((product) => [productKey(product.id), skuGuardKey(product.sku)]);
    for (let i = 0; i < keys.length; i += 100)
      requests.push(() => batchGetItems(table, keys.slice(i, i + 100)));
  } else {
    const size = shape.rowsPerTransaction ?? 1;
    for (let i = 0; i < rows; i += size) {
      const items = products.slice(i, i + size).flatMap((product) => {
        const actions = insertActions(product, { markedForImport: true }, [
          claimSkuGuard(product.sku, product.id),
        ]);
        return (shape.productOnly ? actions.slice(0, 1) : actions).map((action) =>
          wireAction(table, action, shape),
        );
      });
      // As table.ts's transactWrite sends them: a token derived from the actions, asking for the item on a failed condition.
      const token = createHash('sha256').update(JSON.stringify(items)).digest('base64url').slice(0, 36);
      requests.push(() =>
        table.client.send('TransactWriteItems', {
          TransactItems: items as TransactWriteCommandInput['TransactItems'],
          ...(shape.noToken ? {} : { ClientRequestToken: token }),
        }),
      );
    }
  }
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: shape.inFlight }, async () => {
      while (next < requests.length) await (requests[next++] as () => Promise<unknown>)();
    }),
  );
  return (performance.now() - started) / 1000;
}

function wireAction(table: Table, action: TransactAction, shape: WriteShape) {
  const [kind, body] = Object.entries(action)[0] as [string, Record<string, unknown>];
  const { ConditionExpression, ExpressionAttributeNames, ExpressionAttributeValues, ...rest } = body;
  const condition =
    shape.noConditions || ConditionExpression === undefined
      ? {}
      : {
          ConditionExpression,
          ...(ExpressionAttributeNames === undefined ? {} : { ExpressionAttributeNames }),
          ...(ExpressionAttributeValues === undefined ? {} : { ExpressionAttributeValues }),
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        };
  return { [kind]: { ...rest, TableName: table.tableName, ...condition } };
}
