import type { Product } from '../../domain/catalog/product.js';
import { UnavailableError } from '../../domain/shared/errors.js';
import {
  idTakenError,
  missingCategoryError,
  notFoundError,
  skuTakenError,
  staleVersionError,
} from '../shared/catalog-errors.js';
import {
  claimSkuGuard,
  joinCategory,
  leaveCategory,
  releaseSkuGuard,
  takeOverSkuGuard,
} from './catalog-guards.js';
import { productKey } from './keys.js';
import { fromProductItem, toProductItem } from './product-item.js';
import { getItem, type Table, type TransactAction, TransactionCancelled, transactWrite } from './table.js';

/**
 * Product writes: the product, its SKU guard and its category membership change in one transaction, so the
 * catalog's invariants hold at every instant (catalog-guards.ts, docs/data-model.md).
 */

const VERSION = { '#version': 'version' };

/** A write that read what it replaces and lost a race with another writer this many times gives up. */
const MAX_ATTEMPTS = 3;

/** How a write joins a category: `markedForImport` when an import marked it first (catalog-guards.ts). */
export interface JoinOptions {
  markedForImport?: boolean;
}

/** The actions that create a product: the product, its membership (and category stamp), then `skuActions`. */
export function insertActions(
  product: Product,
  join: JoinOptions,
  skuActions: TransactAction[],
): TransactAction[] {
  return [
    { Put: { Item: toProductItem(product), ConditionExpression: 'attribute_not_exists(pk)' } },
    ...joinCategory(product.categoryId, 'PRODUCT', product.id, join),
    ...skuActions,
  ];
}

/**
 * The actions that write `next` over `current` (read at `expectedVersion`): the product, a move between
 * categories, and a new SKU (the old guard released, then `skuActions` claiming the new one).
 */
export function replaceActions(
  current: Product,
  next: Product,
  expectedVersion: number,
  join: JoinOptions,
  skuActions: TransactAction[],
): TransactAction[] {
  const moving = current.categoryId !== next.categoryId;
  return [
    {
      Put: {
        Item: toProductItem(next),
        ConditionExpression: '#version = :expected',
        ExpressionAttributeNames: VERSION,
        ExpressionAttributeValues: { ':expected': expectedVersion },
      },
    },
    // Index 1 and 2 when moving: the membership and the stamp of the category it joins.
    ...(moving
      ? [
          ...joinCategory(next.categoryId, 'PRODUCT', next.id, join),
          leaveCategory(current.categoryId, 'PRODUCT', next.id),
        ]
      : []),
    ...(current.sku !== next.sku ? [releaseSkuGuard(current.sku, next.id), ...skuActions] : []),
  ];
}

export async function insertProduct(table: Table, product: Product, join: JoinOptions = {}): Promise<void> {
  const write = (skuActions: TransactAction[]) =>
    transactWrite(table, insertActions(product, join, skuActions));
  // Action indexes: 0 product, 1 membership, 2 category stamp (unless marked), then the SKU guard.
  const explain = (cancelled: TransactionCancelled) => {
    if (!join.markedForImport && cancelled.failed(2)) return missingCategoryError('categoryId');
    if (cancelled.failed(0)) return idTakenError('product');
    return undefined;
  };
  await withSkuGuard(table, product, write, explain);
}

export async function replaceProduct(
  table: Table,
  next: Product,
  expectedVersion: number,
  join: JoinOptions = {},
): Promise<void> {
  const currentItem = await getItem(table, productKey(next.id));
  if (currentItem === undefined) throw notFoundError('product');
  const current = fromProductItem(currentItem);
  if (current.version !== expectedVersion) throw staleVersionError();
  const moving = current.categoryId !== next.categoryId;
  const renaming = current.sku !== next.sku;

  const write = (skuActions: TransactAction[]) =>
    transactWrite(table, replaceActions(current, next, expectedVersion, join, skuActions));
  const explain = (cancelled: TransactionCancelled) => {
    if (cancelled.failed(0)) {
      return cancelled.reasons[0]?.item === undefined ? notFoundError('product') : staleVersionError();
    }
    if (moving && !join.markedForImport && cancelled.failed(2)) return missingCategoryError('categoryId');
    return undefined;
  };
  if (renaming) await withSkuGuard(table, next, write, explain);
  else await attempt(() => write([]), explain);
}

export async function deleteProduct(
  table: Table,
  id: string,
  expectedVersion: number | undefined,
): Promise<Product | undefined> {
  for (let attemptNo = 1; attemptNo <= MAX_ATTEMPTS; attemptNo++) {
    const item = await getItem(table, productKey(id));
    if (item === undefined) return undefined;
    const product = fromProductItem(item);
    if (expectedVersion !== undefined && product.version !== expectedVersion) throw staleVersionError();
    try {
      await transactWrite(table, [
        {
          Delete: {
            Key: productKey(id),
            // The version read: the SKU and category released below are the ones it holds.
            ConditionExpression: '#version = :read',
            ExpressionAttributeNames: VERSION,
            ExpressionAttributeValues: { ':read': product.version },
          },
        },
        releaseSkuGuard(product.sku, id),
        leaveCategory(product.categoryId, 'PRODUCT', id),
      ]);
      return product;
    } catch (error) {
      // Changed or deleted since our read: read again (then absent, stale, or a newer version to delete).
      if (!(error instanceof TransactionCancelled && error.failed(0))) throw error;
    }
  }
  throw busy();
}

/**
 * Runs a write that claims the product's SKU: its last actions are the claim. A guard naming another
 * product that does not hold the SKU was left by a killed initial load and is taken over.
 */
async function withSkuGuard(
  table: Table,
  product: Product,
  write: (skuActions: TransactAction[]) => Promise<void>,
  explain: (cancelled: TransactionCancelled) => Error | undefined,
): Promise<void> {
  const claim = [claimSkuGuard(product.sku, product.id)];
  const owner = await attempt(
    () => write(claim),
    explain,
    (cancelled) => {
      const last = cancelled.reasons.length - 1;
      if (!cancelled.failed(last)) throw busy({ cause: cancelled });
      return String(cancelled.reasons[last]?.item?.productId ?? '');
    },
  );
  if (owner === undefined) return;
  const ownerProduct = await getItem(table, productKey(owner));
  if (ownerProduct?.sku === product.sku) throw skuTakenError(product.sku);
  const takeOver = takeOverSkuGuard(product.sku, product.id, owner, table.clock.now().getTime());
  const stillTaken = await attempt(
    () => write(takeOver),
    explain,
    () => true,
  );
  if (stillTaken) throw skuTakenError(product.sku);
}

/**
 * Runs a transaction: the error `explain` finds for a cancellation is thrown; otherwise `leftover` may
 * turn the cancellation into a value for the caller (undefined: the write succeeded).
 */
async function attempt<T>(
  run: () => Promise<void>,
  explain: (cancelled: TransactionCancelled) => Error | undefined,
  leftover?: (cancelled: TransactionCancelled) => T,
): Promise<T | undefined> {
  try {
    await run();
    return undefined;
  } catch (error) {
    if (!(error instanceof TransactionCancelled)) throw error;
    const explained = explain(error);
    if (explained !== undefined) throw explained;
    if (leftover !== undefined) return leftover(error);
    throw busy({ cause: error });
  }
}

function busy(options?: { cause: unknown }): UnavailableError {
  return new UnavailableError('The catalog storage is busy: retry in a moment.', {
    retryAfterSeconds: 1,
    ...options,
  });
}
