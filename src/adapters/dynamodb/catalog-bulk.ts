import type { CatalogBulkWriter, ProductUpsert, UpsertOutcome } from '../../app/ports/catalog-bulk-writer.js';
import { PRODUCT_STATUSES, type Product } from '../../domain/catalog/product.js';
import { canonicalJson } from '../../domain/shared/canonical-json.js';
import { ConflictError, PreconditionFailedError, UnprocessableError } from '../../domain/shared/errors.js';
import { claimSkuGuard, markForImport } from './catalog-guards.js';
import { DynamoDBServiceError } from './dynamodb-http.js';
import { leaseHeldByOther, takeLease } from './initial-load-lease.js';
import {
  categoryKey,
  type ItemKey,
  membershipKey,
  productKey,
  productStatusPartition,
  skuGuardKey,
} from './keys.js';
import { fromProductItem, toProductItem } from './product-item.js';
import { insertActions, insertProduct, replaceActions, replaceProduct } from './product-writes.js';
import { StorageError } from './storage-errors.js';
import {
  batchGetItems,
  batchWrite,
  conditionHeld,
  query,
  type Table,
  type TableOptions,
  type TransactAction,
  TransactionCancelled,
  tableFrom,
  transactWrite,
  updateItem,
  type WriteRequest,
} from './table.js';
import { INDEX_NAMES } from './table-schema.js';

/** A row that passed every check, with the product version it writes. */
interface Planned {
  index: number;
  product: Product;
  /** The stored product it replaces; undefined for a new product. */
  current: Product | undefined;
  knownNew: boolean;
}

// BatchWriteItem takes 25 requests; chunks go in parallel.
const WRITE_CHUNK = 25;
// Rows written alone after their group's transaction was cancelled (writeOne): enough in flight to keep the
// table busy, few enough that none waits for a socket past the client's request timeout.
const ROW_TRANSACTIONS_IN_FLIGHT = 8;
// Transactions of many rows each (writeTogether): a batch of 100 rows makes three or four of them. Measured on
// DynamoDB Local (bench/import.mjs --shapes, docs/benchmarks.md): from ~10 rows up a transaction costs it about
// the same CPU per row (1 row: twice that); one in flight per batch instead of four saved nothing in an import,
// and DynamoDB itself needs the requests in flight.
const GROUPS_IN_FLIGHT = 4;
// The categories were marked for this import (markCategories): rows join them without naming them.
const MARKED = { markedForImport: true };
/** Rows sent again after a race with another writer: a bound, not a loop. */
const MAX_ROUNDS = 3;

/**
 * Bulk upserts with the invariants of the API's writes (product-writes.ts):
 *
 * 1. read every row's product, SKU guard and category in one batch (only the category for a row the caller
 *    knows to be new);
 * 2. reject rows whose category is missing or whose SKU another product holds; a row whose product says
 *    what the row says is unchanged;
 * 3. mark the categories the rows write into (markForImport: a new member stamp, and no deletes for a few
 *    minutes), so the rows may join them without naming the category item: concurrent transactions on one
 *    item would conflict with each other;
 * 4. write: a row that meets a stored product (or might) goes through the API's own actions, many rows to
 *    one transaction (writeTogether); rows known
 *    to be new (the initial load) skip it for speed: their guards and memberships, then the products, with
 *    BatchWriteItem. A kill in between leaves guards and memberships that name their own product: a rerun
 *    writes the same items again, and the API's writes treat them as leftovers (catalog-guards.ts).
 *
 * The window that skipping the reads leaves (a live API write claiming the same new SKU during the initial
 * load) is documented in docs/jobs.md: an initial load is a bulk load, not a concurrent editor.
 */
export function createDynamoCatalogBulkWriter(options: TableOptions): CatalogBulkWriter {
  const table = tableFrom(options);
  return {
    upsertProducts: (rows) => upsertProducts(table, rows, 1),
    products: () => allProducts(table),
    async startInitialLoad(holder) {
      if (await hasProducts(table)) return undefined;
      const lease = await takeLease(table, holder);
      // A product written between the check and the lease (an import that had not seen it yet) voids it.
      if (lease !== undefined && (await hasProducts(table))) {
        await lease.release();
        return undefined;
      }
      return lease;
    },
    initialLoadRunning: (holder) => leaseHeldByOther(table, holder),
    countProducts: () => countProducts(table),
  };
}

async function upsertProducts(
  table: Table,
  rows: readonly ProductUpsert[],
  round: number,
): Promise<UpsertOutcome[]> {
  const categoryIds = [...new Set(rows.map((row) => row.input.categoryId))];
  const items = await batchGetItems(table, [
    ...rows.flatMap((row) => (row.knownNew ? [] : [productKey(row.id), skuGuardKey(row.input.sku)])),
    ...categoryIds.map(categoryKey),
  ]);
  const byKey = new Map(items.map((item) => [keyString(item as unknown as ItemKey), item]));
  const get = (key: ItemKey) => byKey.get(keyString(key));

  // Guards held by another product: does that product still hold the SKU? (rare: one more batch read)
  const foreignOwners = rows
    .map((row) => get(skuGuardKey(row.input.sku))?.productId)
    .filter((owner): owner is string => typeof owner === 'string' && !rows.some((row) => row.id === owner));
  const owners = new Map(
    (await batchGetItems(table, [...new Set(foreignOwners)].map(productKey))).map((item) => [
      String(item.id),
      item,
    ]),
  );

  const outcomes: UpsertOutcome[] = [];
  const planned: Planned[] = [];
  // Rows to send again: a SKU an earlier row of this batch gives up, or a product changed meanwhile.
  const again: number[] = [];
  const nowMs = table.clock.now().getTime();
  rows.forEach((row, index) => {
    if (get(categoryKey(row.input.categoryId)) === undefined) {
      outcomes[index] = rejected('categoryId', 'refers to a category that does not exist');
      return;
    }
    const owner = get(skuGuardKey(row.input.sku))?.productId;
    if (typeof owner === 'string' && owner !== row.id) {
      const ownerRow = rows.findIndex((other) => other.id === owner);
      if (ownerRow !== -1 && ownerRow < index) {
        again.push(index);
        return;
      }
      // An owner that does not hold the SKU left a guard behind: the transaction takes it over.
      if ((owners.get(owner) ?? get(productKey(owner)))?.sku === row.input.sku) {
        outcomes[index] = rejected('sku', `SKU "${row.input.sku}" is already taken by product "${owner}"`);
        return;
      }
    }
    const currentItem = get(productKey(row.id));
    const current = currentItem === undefined ? undefined : fromProductItem(currentItem);
    const product = planRow(row, current, nowMs);
    outcomes[index] = {
      status: product === undefined ? 'unchanged' : current === undefined ? 'created' : 'replaced',
    };
    if (product !== undefined) {
      planned.push({
        index,
        product,
        current,
        knownNew: row.knownNew === true,
      });
    }
  });

  const marked = await markCategories(table, planned, outcomes);
  const fresh = marked.filter((plan) => plan.knownNew);
  const careful = [...marked.filter((plan) => !plan.knownNew), ...(await writeFresh(table, fresh))];
  const single = await writeTogether(table, careful);
  await inPool(single, ROW_TRANSACTIONS_IN_FLIGHT, async (plan) => {
    const outcome = await writeOne(table, plan);
    if (outcome === 'again') again.push(plan.index);
    else if (outcome !== undefined) outcomes[plan.index] = outcome;
  });
  if (again.length > 0) {
    if (round === MAX_ROUNDS) {
      for (const index of again)
        outcomes[index] = rejected('id', 'was changed by another writer during the import: run it again');
    } else {
      again.sort((a, b) => a - b);
      const later = await upsertProducts(
        table,
        again.map((index) => rows[index] as ProductUpsert),
        round + 1,
      );
      again.forEach((index, i) => {
        outcomes[index] = later[i] as UpsertOutcome;
      });
    }
  }
  return outcomes;
}

/** The API's transaction for one row; a domain error is the row's rejection, not the job's failure. */
async function writeOne(table: Table, plan: Planned): Promise<UpsertOutcome | 'again' | undefined> {
  try {
    if (plan.current === undefined) await insertProduct(table, plan.product, MARKED);
    else await replaceProduct(table, plan.product, plan.current.version, MARKED);
    return undefined;
  } catch (error) {
    if (error instanceof PreconditionFailedError) return 'again';
    // Created by someone else since our read: read again, then it is a replacement or unchanged.
    if (error instanceof ConflictError && error.errors[0]?.path === 'id') return 'again';
    if (error instanceof ConflictError || error instanceof UnprocessableError) {
      return { status: 'rejected', errors: error.errors };
    }
    if (isRowRefusal(error)) return refused(error);
    throw error;
  }
}

/**
 * Marks the category of every row to be written (markForImport): rows of a category that is gone are
 * rejected, the others may join theirs without naming it in their writes.
 */
async function markCategories(table: Table, rows: Planned[], outcomes: UpsertOutcome[]): Promise<Planned[]> {
  const gone = new Set<string>();
  const nowMs = table.clock.now().getTime();
  await Promise.all(
    [...new Set(rows.map(({ product }) => product.categoryId))].map(async (categoryId) => {
      if (!(await conditionHeld(() => updateItem(table, markForImport(categoryId, nowMs)))))
        gone.add(categoryId);
    }),
  );
  return rows.filter((plan) => {
    if (!gone.has(plan.product.categoryId)) return true;
    outcomes[plan.index] = rejected('categoryId', 'refers to a category that does not exist');
    return false;
  });
}

/**
 * The initial load's rows, in marked categories: guards and memberships, then the products (a kill in
 * between leaves only items that name their own product). Returns the rows to write one by one instead:
 * all of them when DynamoDB refused a batch as invalid (one row it cannot store fails the whole batch:
 * alone, that row is rejected and the others written).
 */
async function writeFresh(table: Table, rows: Planned[]): Promise<Planned[]> {
  if (rows.length === 0) return [];
  try {
    await writeInParallel(
      table,
      rows.flatMap(({ product }) => [
        { put: { ...skuGuardKey(product.sku), productId: product.id } },
        { put: { ...membershipKey(product.categoryId, 'PRODUCT', product.id) } },
      ]),
    );
    await writeInParallel(
      table,
      rows.map(({ product }) => ({ put: toProductItem(product) })),
    );
    return [];
  } catch (error) {
    if (isRowRefusal(error)) return rows;
    throw error;
  }
}

/**
 * The rows' own transactions, many rows to one TransactWriteItems (up to 100 actions): per row they are the
 * API's actions, so all of a row is written or none of it. When DynamoDB cancels one (a row's condition
 * failed: an id or SKU taken since the read, a version changed), the rows whose actions failed are returned,
 * to be written one by one with the API's error mapping, and the others are sent again without them.
 */
async function writeTogether(table: Table, rows: Planned[]): Promise<Planned[]> {
  const single: Planned[] = [];
  const groups = groupByActions(rows.map((plan) => ({ plan, actions: rowActions(plan) })));
  await inPool(groups, GROUPS_IN_FLIGHT, async (group) => {
    for (let pending = group; pending.length > 0; ) {
      try {
        await transactWrite(
          table,
          pending.flatMap((entry) => entry.actions),
        );
        return;
      } catch (error) {
        if (isRowRefusal(error)) {
          single.push(...pending.map((entry) => entry.plan));
          return;
        }
        if (!(error instanceof TransactionCancelled)) throw error;
        let offset = 0;
        const failed = new Set<Planned>();
        for (const entry of pending) {
          if (entry.actions.some((_, i) => error.failed(offset + i))) failed.add(entry.plan);
          offset += entry.actions.length;
        }
        // A cancellation that names no action (should not happen): every row on its own.
        if (failed.size === 0) for (const entry of pending) failed.add(entry.plan);
        single.push(...failed);
        pending = pending.filter((entry) => !failed.has(entry.plan));
      }
    }
  });
  return single;
}

function rowActions(plan: Planned): TransactAction[] {
  const claim = [claimSkuGuard(plan.product.sku, plan.product.id)];
  return plan.current === undefined
    ? insertActions(plan.product, MARKED, claim)
    : replaceActions(plan.current, plan.product, plan.current.version, MARKED, claim);
}

/** DynamoDB's cap on actions per TransactWriteItems. */
const MAX_ACTIONS = 100;

function groupByActions<T extends { actions: TransactAction[] }>(entries: T[]): T[][] {
  const groups: T[][] = [];
  let current: T[] = [];
  let size = 0;
  for (const entry of entries) {
    if (size + entry.actions.length > MAX_ACTIONS && current.length > 0) {
      groups.push(current);
      current = [];
      size = 0;
    }
    current.push(entry);
    size += entry.actions.length;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

/** Runs `work` on every item, at most `limit` at a time. */
async function inPool<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < items.length; index = next++) await work(items[index] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

function planRow(row: ProductUpsert, current: Product | undefined, nowMs: number): Product | undefined {
  const now = new Date(nowMs).toISOString();
  const { description, ...input } = row.input;
  const fields = {
    ...input,
    ...(description === undefined ? {} : { description }),
    ...(row.keepAttributes && current !== undefined ? { attributes: current.attributes } : {}),
    ...(row.keepTaxClass && current !== undefined ? { taxClass: current.taxClass } : {}),
  };
  if (current !== undefined && sameFields(current, fields)) return undefined;
  return {
    ...fields,
    id: row.id,
    ...(current?.images === undefined ? {} : { images: current.images }),
    createdAt: current?.createdAt ?? now,
    updatedAt: now,
    version: (current?.version ?? 0) + 1,
  };
}

/** The client-written fields compared as canonical JSON: key order and absent-vs-undefined do not count. */
function sameFields(current: Product, next: Omit<Product, 'id' | 'createdAt' | 'updatedAt' | 'version'>) {
  const pick = (product: typeof next) => ({
    sku: product.sku,
    name: product.name,
    description: product.description ?? null,
    price: product.price,
    categoryId: product.categoryId,
    status: product.status,
    attributes: product.attributes,
    taxClass: product.taxClass,
  });
  return canonicalJson(pick(current)) === canonicalJson(pick(next));
}

async function writeInParallel(table: Table, requests: WriteRequest[]): Promise<void> {
  const chunks: WriteRequest[][] = [];
  for (let i = 0; i < requests.length; i += WRITE_CHUNK) chunks.push(requests.slice(i, i + WRITE_CHUNK));
  await Promise.all(chunks.map((chunk) => batchWrite(table, chunk)));
}

function rejected(path: string, message: string): UpsertOutcome {
  return { status: 'rejected', errors: [{ path, message }] };
}

const keyString = (key: ItemKey) => `${key.pk}\u0000${key.sk}`;

/**
 * DynamoDB refused what a row asked it to store (ValidationException: a number or an item it cannot hold), or
 * the client could not even encode it: that row's fault. Any other failure (a missing table, a denied write)
 * is the storage's, and fails the import instead of rejecting every row.
 */
function isRowRefusal(error: unknown): error is StorageError {
  if (!(error instanceof StorageError)) return false;
  const cause = error.cause;
  return cause instanceof DynamoDBServiceError
    ? cause.name === 'ValidationException'
    : cause instanceof Error;
}

function refused(error: StorageError): UpsertOutcome {
  const reason = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return rejected('id', `the catalog storage cannot hold this row${reason}`);
}

const PAGE_SIZE = 500;

/** Products live in three index partitions (one per status): paged queries over them read every product. */
async function* statusPages(table: Table, read: { countOnly: true } | { limit: number }) {
  for (const status of PRODUCT_STATUSES) {
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await query(table, {
        IndexName: INDEX_NAMES.byStatusCreated,
        KeyConditionExpression: 'statusKey = :status',
        ExpressionAttributeValues: { ':status': productStatusPartition(status) },
        ...('countOnly' in read ? { Select: 'COUNT' as const } : { Limit: read.limit }),
        ExclusiveStartKey: startKey,
      });
      yield page;
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
  }
}

async function* allProducts(table: Table): AsyncIterable<Product[]> {
  for await (const page of statusPages(table, { limit: PAGE_SIZE })) {
    const products = (page.Items ?? []).map(fromProductItem);
    if (products.length > 0) yield products;
  }
}

/** At most one item read per status: the first page of one item that has one answers. */
async function hasProducts(table: Table): Promise<boolean> {
  for await (const page of statusPages(table, { limit: 1 })) if ((page.Items ?? []).length > 0) return true;
  return false;
}

async function countProducts(table: Table): Promise<number> {
  let count = 0;
  for await (const page of statusPages(table, { countOnly: true })) count += page.Count ?? 0;
  return count;
}
