import { randomUUID } from 'node:crypto';
import type { CatalogBulkWriter, ProductUpsert, UpsertOutcome } from '../../app/ports/catalog-bulk-writer.js';
import { PRODUCT_STATUSES, type Product } from '../../domain/catalog/product.js';
import { canonicalJson } from '../../domain/shared/canonical-json.js';
import { isBeingDeleted } from './category-item.js';
import { leaseHeldByOther, takeLease } from './initial-load-lease.js';
import {
  categoryKey,
  type ItemKey,
  membershipKey,
  productKey,
  productStatusPartition,
  skuClaimKey,
} from './keys.js';
import { fromProductItem, guardTokensOf, toProductItem } from './product-item.js';
import { STALE_CLAIM_MS } from './sku-claims.js';
import {
  batchGetItems,
  batchWrite,
  type Item,
  query,
  type Table,
  type TableOptions,
  tableFrom,
  type WriteRequest,
} from './table.js';
import { INDEX_NAMES } from './table-schema.js';

/** A row that passed every check, with what it needs written. */
interface Planned {
  product: Product;
  outcome: 'created' | 'replaced';
  /** Guard items written before the product (SKU claim, category membership) and removed after it. */
  guards: WriteRequest[];
  released: WriteRequest[];
  skuToken: string;
  memberToken: string;
}

// BatchWriteItem takes 25 requests; a row's guards and product go in separate phases, chunks in parallel.
const WRITE_CHUNK = 25;

/**
 * Bulk upserts that keep the invariants product-writes.ts keeps, with BatchGetItem / BatchWriteItem instead
 * of one conditional write per item (DynamoDB has no conditions in a batch):
 *
 * 1. read every row's product, SKU claim and category in one batch (only the category for a row the caller
 *    knows to be new: what was not read counts as absent);
 * 2. reject rows whose category is missing or being deleted, or whose SKU another product holds (a claim
 *    whose owner does not hold the SKU is taken over once stale, exactly as claimSku does);
 * 3. write the new guards (claims, memberships), then the products, then delete the guards the previous
 *    versions held. A crash between phases leaves only guards that point at their own product, which a
 *    rerun re-uses and the API already treats as leftovers: every row is idempotent.
 *
 * The window a batch leaves (a live API write claiming the same new SKU between our read and our write)
 * is documented in docs/jobs.md: imports are bulk loads, not a concurrent editor.
 */
export function createDynamoCatalogBulkWriter(options: TableOptions): CatalogBulkWriter {
  const table = tableFrom(options);
  return {
    upsertProducts: (rows) => upsertProducts(table, rows),
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

async function upsertProducts(table: Table, rows: readonly ProductUpsert[]): Promise<UpsertOutcome[]> {
  const categoryIds = [...new Set(rows.map((row) => row.input.categoryId))];
  const items = await batchGetItems(table, [
    ...rows.flatMap((row) => (row.knownNew ? [] : [productKey(row.id), skuClaimKey(row.input.sku)])),
    ...categoryIds.map(categoryKey),
  ]);
  const byKey = new Map(items.map((item) => [keyString(item as unknown as ItemKey), item]));
  const get = (key: ItemKey) => byKey.get(keyString(key));
  const nowMs = table.clock.now().getTime();

  // Claims held by another product: does that product still hold the SKU? (rare: one more batch read)
  const foreignOwners = rows
    .map((row) => get(skuClaimKey(row.input.sku)))
    .filter((claim): claim is Item => claim !== undefined)
    .map((claim) => String(claim.productId))
    .filter((owner) => !rows.some((row) => row.id === owner));
  const owners = new Map(
    (await batchGetItems(table, [...new Set(foreignOwners)].map(productKey))).map((item) => [
      String(item.id),
      item,
    ]),
  );

  const outcomes: UpsertOutcome[] = [];
  const planned: Planned[] = [];
  // A row whose SKU an earlier row of this batch gives up: decided after that row is written, as if in sequence.
  const deferred: number[] = [];
  rows.forEach((row, index) => {
    const category = get(categoryKey(row.input.categoryId));
    if (category === undefined || isBeingDeleted(category, nowMs)) {
      outcomes[index] = rejected(
        'categoryId',
        'refers to a category that does not exist or is being deleted',
      );
      return;
    }
    const claim = get(skuClaimKey(row.input.sku));
    if (claim !== undefined && claim.productId !== row.id) {
      const owner = String(claim.productId);
      const ownerRow = rows.findIndex((other) => other.id === owner);
      if (ownerRow !== -1 && ownerRow < index) {
        deferred.push(index);
        return;
      }
      const ownerHolds = (owners.get(owner) ?? get(productKey(owner)))?.sku === row.input.sku;
      if (ownerHolds || nowMs - Number(claim.claimedAt) < STALE_CLAIM_MS) {
        outcomes[index] = rejected('sku', `SKU "${row.input.sku}" is already taken by product "${owner}"`);
        return;
      }
    }
    const plan = planRow(row, get(productKey(row.id)), claim, nowMs);
    outcomes[index] = { status: plan === undefined ? 'unchanged' : plan.outcome };
    if (plan !== undefined) planned.push(plan);
  });

  await writeInParallel(
    table,
    planned.flatMap((plan) => plan.guards),
  );
  await writeInParallel(
    table,
    planned.map((plan) => ({ put: toProductItem(plan.product, plan) })),
  );
  await writeInParallel(
    table,
    planned.flatMap((plan) => plan.released),
  );
  if (deferred.length > 0) {
    const later = await upsertProducts(
      table,
      deferred.map((index) => rows[index] as ProductUpsert),
    );
    deferred.forEach((index, i) => {
      outcomes[index] = later[i] as UpsertOutcome;
    });
  }
  return outcomes;
}

function planRow(
  row: ProductUpsert,
  currentItem: Item | undefined,
  claim: Item | undefined,
  nowMs: number,
): Planned | undefined {
  const now = new Date(nowMs).toISOString();
  const current = currentItem === undefined ? undefined : fromProductItem(currentItem);
  const { description, ...input } = row.input;
  const fields = {
    ...input,
    ...(description === undefined ? {} : { description }),
    ...(row.keepAttributes && current !== undefined ? { attributes: current.attributes } : {}),
  };
  if (current !== undefined && sameFields(current, fields)) return undefined;
  const product: Product = {
    ...fields,
    id: row.id,
    ...(current?.images === undefined ? {} : { images: current.images }),
    createdAt: current?.createdAt ?? now,
    updatedAt: now,
    version: (current?.version ?? 0) + 1,
  };
  const previous = currentItem === undefined ? undefined : guardTokensOf(currentItem);
  const guards: WriteRequest[] = [];
  const released: WriteRequest[] = [];

  // The SKU: claimed anew unless the stored product already holds this very SKU under its claim.
  let skuToken = previous?.skuToken ?? '';
  const holdsSku = current?.sku === product.sku && claim?.productId === row.id;
  if (!holdsSku) {
    skuToken = randomUUID();
    guards.push({
      put: { ...skuClaimKey(product.sku), productId: row.id, token: skuToken, claimedAt: nowMs },
    });
    if (current !== undefined && current.sku !== product.sku)
      released.push({ delete: skuClaimKey(current.sku) });
  }
  // The category: joined anew when the product is new or moves; membership writes are plain puts.
  let memberToken = previous?.memberToken ?? '';
  if (current === undefined || current.categoryId !== product.categoryId) {
    memberToken = randomUUID();
    guards.push({ put: { ...membershipKey(product.categoryId, 'PRODUCT', row.id), token: memberToken } });
    if (current !== undefined)
      released.push({ delete: membershipKey(current.categoryId, 'PRODUCT', row.id) });
  }
  return {
    product,
    outcome: current === undefined ? 'created' : 'replaced',
    guards,
    released,
    skuToken,
    memberToken,
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
