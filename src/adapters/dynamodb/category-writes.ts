import type { Category } from '../../domain/catalog/category.js';
import { UnavailableError } from '../../domain/shared/errors.js';
import {
  categoryBeingDeletedError,
  categoryInUseError,
  idTakenError,
  missingCategoryError,
  notFoundError,
  staleVersionError,
} from '../shared/catalog-errors.js';
import { fromCategoryItem, isBeingDeleted, memberTokenOf, toCategoryItem } from './category-item.js';
import { categoryKey } from './keys.js';
import {
  addMembership,
  hasLiveMember,
  isCategoryUsable,
  type Membership,
  removeMembership,
  requireUsableCategory,
} from './memberships.js';
import {
  ConditionFailed,
  conditionHeld,
  deleteItem,
  getItem,
  putIfStill,
  putItem,
  type Table,
  updateItem,
} from './table.js';

/**
 * Category writes. A child category is a member of its parent exactly like a product (memberships.ts);
 * deletion takes a lease (`deletingUntil`) so that writers stop joining before the member check runs.
 */

/** Long enough for the member check, short enough that a crashed deletion blocks writers only briefly. */
export const DELETE_LEASE_MS = 30_000;

const NOT_DELETING = '(attribute_not_exists(#deletingUntil) OR #deletingUntil < :now)';

const childOf = (category: Category): Membership | undefined =>
  category.parentId === undefined
    ? undefined
    : { categoryId: category.parentId, kind: 'CHILD', memberId: category.id };

export async function insertCategory(table: Table, category: Category): Promise<void> {
  const membership = childOf(category);
  if (membership !== undefined) await requireUsableCategory(table, membership.categoryId, 'parentId');
  const memberToken = membership === undefined ? '' : await addMembership(table, membership);
  try {
    await putItem(table, {
      Item: toCategoryItem(category, memberToken),
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  } catch (error) {
    throw error instanceof ConditionFailed ? idTakenError('category') : error;
  }
  if (membership !== undefined && !(await isCategoryUsable(table, membership.categoryId))) {
    // Undo through the normal deletion, so a member that joined the new category meanwhile keeps it.
    await deleteCategory(table, category.id, category.version).catch(() => undefined);
    throw missingCategoryError('parentId');
  }
}

export async function replaceCategory(table: Table, next: Category, expectedVersion: number): Promise<void> {
  const currentItem = await getItem(table, categoryKey(next.id));
  if (currentItem === undefined) throw notFoundError('category');
  const current = fromCategoryItem(currentItem);
  if (current.version !== expectedVersion) throw staleVersionError();
  if (isBeingDeleted(currentItem, table.clock.now().getTime())) throw categoryBeingDeletedError();

  const moving = current.parentId !== next.parentId;
  const joining = moving ? childOf(next) : undefined;
  if (joining !== undefined) await requireUsableCategory(table, joining.categoryId, 'parentId');
  // The token of the membership this version relies on: unchanged, a new one, or none at the root.
  let memberToken = moving ? '' : memberTokenOf(currentItem);
  if (joining !== undefined) memberToken = await addMembership(table, joining);
  try {
    await putItem(table, {
      Item: toCategoryItem(next, memberToken),
      ConditionExpression: `#version = :expected AND ${NOT_DELETING}`,
      ExpressionAttributeNames: { '#version': 'version', '#deletingUntil': 'deletingUntil' },
      ExpressionAttributeValues: { ':expected': expectedVersion, ':now': table.clock.now().getTime() },
    });
  } catch (error) {
    if (!(error instanceof ConditionFailed)) throw error;
    const latest = await getItem(table, categoryKey(next.id));
    if (latest === undefined) throw notFoundError('category');
    throw latest.version === expectedVersion ? categoryBeingDeletedError() : staleVersionError();
  }

  if (joining !== undefined && !(await isCategoryUsable(table, joining.categoryId))) {
    const restored = await putIfStill(table, currentItem, {
      ConditionExpression: '#version = :written',
      ExpressionAttributeNames: { '#version': 'version' },
      ExpressionAttributeValues: { ':written': next.version },
    });
    if (restored) await removeMembership(table, joining, memberToken);
    throw missingCategoryError('parentId');
  }
  const leaving = moving ? childOf(current) : undefined;
  if (leaving !== undefined) await removeMembership(table, leaving, memberTokenOf(currentItem));
}

export async function deleteCategory(
  table: Table,
  id: string,
  expectedVersion: number | undefined,
): Promise<Category | undefined> {
  const lease = table.clock.now().getTime() + DELETE_LEASE_MS;
  const leased = await takeDeleteLease(table, id, lease, expectedVersion);
  if (leased === undefined) return undefined;

  if (await hasLiveMember(table, id)) {
    // When the condition fails, our lease ran out and another deleter holds a new one: theirs to clear.
    await conditionHeld(() =>
      updateItem(table, {
        Key: categoryKey(id),
        UpdateExpression: 'REMOVE #deletingUntil',
        ConditionExpression: '#deletingUntil = :lease',
        ExpressionAttributeNames: { '#deletingUntil': 'deletingUntil' },
        ExpressionAttributeValues: { ':lease': lease },
      }),
    );
    throw categoryInUseError();
  }
  try {
    // Still within our lease: writers that re-checked the category so far saw it being deleted.
    await deleteItem(table, {
      Key: categoryKey(id),
      ConditionExpression: '#deletingUntil = :lease AND #deletingUntil > :now',
      ExpressionAttributeNames: { '#deletingUntil': 'deletingUntil' },
      ExpressionAttributeValues: { ':lease': lease, ':now': table.clock.now().getTime() },
    });
  } catch (error) {
    if (!(error instanceof ConditionFailed)) throw error;
    throw new UnavailableError('Deleting the category took too long: try again.', {
      retryAfterSeconds: 1,
      cause: error,
    });
  }
  const category = fromCategoryItem(leased);
  const membership = childOf(category);
  if (membership !== undefined) await removeMembership(table, membership, memberTokenOf(leased));
  return category;
}

async function takeDeleteLease(
  table: Table,
  id: string,
  lease: number,
  expectedVersion: number | undefined,
): Promise<Record<string, unknown> | undefined> {
  const versionCheck = expectedVersion === undefined ? '' : ' AND #version = :expected';
  try {
    return await updateItem(table, {
      Key: categoryKey(id),
      UpdateExpression: 'SET #deletingUntil = :lease',
      ConditionExpression: `attribute_exists(pk) AND ${NOT_DELETING}${versionCheck}`,
      ExpressionAttributeNames: {
        '#deletingUntil': 'deletingUntil',
        ...(expectedVersion === undefined ? {} : { '#version': 'version' }),
      },
      ExpressionAttributeValues: {
        ':lease': lease,
        ':now': table.clock.now().getTime(),
        ...(expectedVersion === undefined ? {} : { ':expected': expectedVersion }),
      },
    });
  } catch (error) {
    if (!(error instanceof ConditionFailed)) throw error;
  }
  const latest = await getItem(table, categoryKey(id));
  if (latest === undefined) return undefined;
  if (expectedVersion !== undefined && latest.version !== expectedVersion) throw staleVersionError();
  throw categoryBeingDeletedError();
}
