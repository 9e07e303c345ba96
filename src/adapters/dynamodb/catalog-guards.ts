import { randomUUID } from 'node:crypto';
import { LEASE_KEY } from './initial-load-lease.js';
import { categoryKey, type MemberKind, membershipKey, productKey, skuGuardKey } from './keys.js';
import type { TransactAction } from './table.js';

/**
 * The items that keep the catalog's invariants, as actions of the transaction that changes a product or a
 * category (docs/data-model.md, "Invariants"):
 *
 * - a SKU guard `SKU#<sku>` names the one product that holds the SKU: creating it is conditional;
 * - a membership `M#PRODUCT#<id>` / `M#CHILD#<id>` in the category's partition lists what is in it, so a
 *   delete can look for members with one Query;
 * - joining a category stamps the category item (`memberStamp`): a delete that found no member commits only
 *   if the stamp is still the one it read, so a member joining in between cancels it.
 */

export const MEMBER_STAMP = 'memberStamp';

/** Creates the guard for `sku`, or keeps it when it already names this product. */
export function claimSkuGuard(sku: string, productId: string): TransactAction {
  return {
    Put: {
      Item: { ...skuGuardKey(sku), productId },
      ConditionExpression: 'attribute_not_exists(pk) OR productId = :productId',
      ExpressionAttributeValues: { ':productId': productId },
    },
  };
}

/**
 * Takes over a guard left behind by an initial load that was killed between writing its guards and its
 * products: only while its owner does not hold the SKU and no initial load is running (whose products may
 * be about to follow their guards).
 */
export function takeOverSkuGuard(
  sku: string,
  productId: string,
  owner: string,
  nowMs: number,
): TransactAction[] {
  return [
    {
      Put: {
        Item: { ...skuGuardKey(sku), productId },
        ConditionExpression: 'productId = :owner',
        ExpressionAttributeValues: { ':owner': owner },
      },
    },
    {
      ConditionCheck: {
        Key: productKey(owner),
        ConditionExpression: 'attribute_not_exists(pk) OR sku <> :sku',
        ExpressionAttributeValues: { ':sku': sku },
      },
    },
    {
      ConditionCheck: {
        Key: LEASE_KEY,
        ConditionExpression: 'attribute_not_exists(pk) OR heldUntil < :now',
        ExpressionAttributeValues: { ':now': nowMs },
      },
    },
  ];
}

/** Removes the guard of a SKU this product gives up (never another product's). */
export function releaseSkuGuard(sku: string, productId: string): TransactAction {
  return {
    Delete: {
      Key: skuGuardKey(sku),
      ConditionExpression: 'attribute_not_exists(pk) OR productId = :productId',
      ExpressionAttributeValues: { ':productId': productId },
    },
  };
}

/**
 * The membership item, and the stamp on a category that must exist: the two actions of joining it. An
 * import that marked the category (markForImport) leaves the category item out: deletes wait for the mark
 * to pass, and concurrent transactions naming one item would conflict with each other.
 */
export function joinCategory(
  categoryId: string,
  kind: MemberKind,
  memberId: string,
  how: { markedForImport?: boolean } = {},
): TransactAction[] {
  const membership: TransactAction = { Put: { Item: { ...membershipKey(categoryId, kind, memberId) } } };
  return how.markedForImport ? [membership] : [membership, stampCategory(categoryId)];
}

/** Attribute of a category an import is writing into: epoch ms until which deletes are refused. */
export const IMPORT_UNTIL = 'importUntil';

/**
 * Long enough for any one import batch (renewed before each), short enough that a killed import blocks the
 * deletion of its categories only briefly.
 */
export const IMPORT_MARK_MS = 5 * 60_000;

/**
 * Marks an existing category as written into by an import, with a new stamp (which cancels a delete that
 * looked for members before): until the mark passes, the category is not deleted, so the import's rows may
 * join it without naming the category item in their own writes.
 */
export function markForImport(categoryId: string, nowMs: number) {
  return {
    Key: categoryKey(categoryId),
    UpdateExpression: 'SET #stamp = :stamp, #until = :until',
    ConditionExpression: 'attribute_exists(pk)',
    ExpressionAttributeNames: { '#stamp': MEMBER_STAMP, '#until': IMPORT_UNTIL },
    ExpressionAttributeValues: { ':stamp': randomUUID(), ':until': nowMs + IMPORT_MARK_MS },
  };
}

export function leaveCategory(categoryId: string, kind: MemberKind, memberId: string): TransactAction {
  return { Delete: { Key: membershipKey(categoryId, kind, memberId) } };
}

/** A new stamp on an existing category: fails (and with it the transaction) when the category is gone. */
function stampCategory(categoryId: string): TransactAction {
  return {
    Update: {
      Key: categoryKey(categoryId),
      UpdateExpression: 'SET #stamp = :stamp',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#stamp': MEMBER_STAMP },
      ExpressionAttributeValues: { ':stamp': randomUUID() },
    },
  };
}
