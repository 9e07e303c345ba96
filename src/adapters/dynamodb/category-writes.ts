import type { Category } from '../../domain/catalog/category.js';
import { UnavailableError } from '../../domain/shared/errors.js';
import {
  categoryImportedError,
  categoryInUseError,
  idTakenError,
  missingCategoryError,
  notFoundError,
  staleVersionError,
} from '../shared/catalog-errors.js';
import { IMPORT_UNTIL, joinCategory, leaveCategory, MEMBER_STAMP } from './catalog-guards.js';
import { fromCategoryItem, toCategoryItem } from './category-item.js';
import { categoryKey, MEMBER_PREFIX, parseMemberSortKey, productKey } from './keys.js';
import { getItem, type Item, query, type Table, TransactionCancelled, transactWrite } from './table.js';

/**
 * Category writes, each one transaction. A child category is a member of its parent exactly like a product
 * (catalog-guards.ts); a delete commits only while the category's member stamp is the one it read when it
 * found no member, so nothing can join a category in the moment it disappears.
 */

/** A write that read the category and lost a race with another writer this many times gives up. */
const MAX_ATTEMPTS = 3;

const childOf = (category: Category) => category.parentId;

export async function insertCategory(table: Table, category: Category): Promise<void> {
  const parentId = childOf(category);
  try {
    await transactWrite(table, [
      { Put: { Item: toCategoryItem(category, ''), ConditionExpression: 'attribute_not_exists(pk)' } },
      ...(parentId === undefined ? [] : joinCategory(parentId, 'CHILD', category.id)),
    ]);
  } catch (error) {
    if (!(error instanceof TransactionCancelled)) throw error;
    // Index 2: the parent's stamp, which needs the parent to exist.
    if (error.failed(2)) throw missingCategoryError('parentId');
    if (error.failed(0)) throw idTakenError('category');
    throw busy(error);
  }
}

export async function replaceCategory(table: Table, next: Category, expectedVersion: number): Promise<void> {
  for (let attemptNo = 1; attemptNo <= MAX_ATTEMPTS; attemptNo++) {
    const currentItem = await getItem(table, categoryKey(next.id));
    if (currentItem === undefined) throw notFoundError('category');
    const current = fromCategoryItem(currentItem);
    if (current.version !== expectedVersion) throw staleVersionError();
    const stamp = String(currentItem[MEMBER_STAMP] ?? '');
    const moving = current.parentId !== next.parentId;
    const joining = moving ? childOf(next) : undefined;
    const leaving = moving ? childOf(current) : undefined;
    try {
      await transactWrite(table, [
        {
          Put: {
            // The stamp and an import's mark travel with the item: a member that joined since our read
            // changed the stamp, and we read again.
            Item: {
              ...toCategoryItem(next, stamp),
              ...(currentItem[IMPORT_UNTIL] === undefined
                ? {}
                : { [IMPORT_UNTIL]: currentItem[IMPORT_UNTIL] }),
            },
            ConditionExpression: '#version = :expected AND #stamp = :stamp',
            ExpressionAttributeNames: { '#version': 'version', '#stamp': MEMBER_STAMP },
            ExpressionAttributeValues: { ':expected': expectedVersion, ':stamp': stamp },
          },
        },
        ...(joining === undefined ? [] : joinCategory(joining, 'CHILD', next.id)),
        ...(leaving === undefined ? [] : [leaveCategory(leaving, 'CHILD', next.id)]),
      ]);
      return;
    } catch (error) {
      if (!(error instanceof TransactionCancelled)) throw error;
      if (joining !== undefined && error.failed(2)) throw missingCategoryError('parentId');
      if (!error.failed(0)) throw busy(error);
      // Deleted, a newer version, or only a new member stamp: the next read tells which.
    }
  }
  throw busy();
}

export async function deleteCategory(
  table: Table,
  id: string,
  expectedVersion: number | undefined,
): Promise<Category | undefined> {
  for (let attemptNo = 1; attemptNo <= MAX_ATTEMPTS; attemptNo++) {
    const item = await getItem(table, categoryKey(id));
    if (item === undefined) return undefined;
    const category = fromCategoryItem(item);
    if (expectedVersion !== undefined && category.version !== expectedVersion) throw staleVersionError();
    const stamp = String(item[MEMBER_STAMP] ?? '');
    if (Number(item[IMPORT_UNTIL] ?? 0) >= table.clock.now().getTime()) throw categoryImportedError();
    if (await hasMember(table, id)) throw categoryInUseError();
    const parentId = childOf(category);
    try {
      await transactWrite(table, [
        {
          Delete: {
            Key: categoryKey(id),
            ConditionExpression: '#version = :read AND #stamp = :stamp',
            ExpressionAttributeNames: { '#version': 'version', '#stamp': MEMBER_STAMP },
            ExpressionAttributeValues: { ':read': category.version, ':stamp': stamp },
          },
        },
        ...(parentId === undefined ? [] : [leaveCategory(parentId, 'CHILD', id)]),
      ]);
      return category;
    } catch (error) {
      if (!(error instanceof TransactionCancelled && error.failed(0))) throw error;
      // A member joined, or the category changed, since our read: look again.
    }
  }
  throw busy();
}

const MEMBER_PAGE = 25;

/**
 * Whether any product or child category is in the category. Transactions never leave a membership behind;
 * an initial load writes memberships before their products, so a membership whose member is not in the
 * category is a leftover of a killed one (one still running holds the category's import mark).
 */
async function hasMember(table: Table, categoryId: string): Promise<boolean> {
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await query(table, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :members)',
      ExpressionAttributeValues: { ':pk': categoryKey(categoryId).pk, ':members': MEMBER_PREFIX },
      ConsistentRead: true,
      Limit: MEMBER_PAGE,
      ExclusiveStartKey: startKey,
    });
    for (const membership of page.Items ?? []) {
      if (await isLive(table, categoryId, membership)) return true;
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return false;
}

async function isLive(table: Table, categoryId: string, membership: Item): Promise<boolean> {
  const member = parseMemberSortKey(String(membership.sk));
  if (member === undefined) return false;
  if (member.kind === 'PRODUCT')
    return (await getItem(table, productKey(member.id)))?.categoryId === categoryId;
  return (await getItem(table, categoryKey(member.id)))?.parentId === categoryId;
}

function busy(cause?: unknown): UnavailableError {
  return new UnavailableError('The catalog storage is busy: retry in a moment.', {
    retryAfterSeconds: 1,
    cause,
  });
}
