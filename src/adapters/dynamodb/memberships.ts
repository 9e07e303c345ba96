import { randomUUID } from 'node:crypto';
import { missingCategoryError } from '../shared/catalog-errors.js';
import { isBeingDeleted } from './category-item.js';
import {
  categoryKey,
  MEMBER_PREFIX,
  type MemberKind,
  membershipKey,
  parseMemberSortKey,
  productKey,
} from './keys.js';
import { deleteIfStill, getItem, putItem, query, type Table } from './table.js';

/**
 * Category membership without transactions (docs/data-model.md, "category integrity"): a member writes
 * its membership item before it joins a category and removes it after it left; deleteCategory takes a
 * lease first and then looks for members. A write that joins a category re-reads it afterwards and undoes
 * itself if a deletion started meanwhile, so a deletion and a join can never both succeed.
 */

const MEMBER_CHECK_PAGE = 25;

export async function isCategoryUsable(table: Table, categoryId: string): Promise<boolean> {
  const item = await getItem(table, categoryKey(categoryId));
  return item !== undefined && !isBeingDeleted(item, table.clock.now().getTime());
}

export async function requireUsableCategory(
  table: Table,
  categoryId: string,
  path: 'categoryId' | 'parentId',
): Promise<void> {
  if (!(await isCategoryUsable(table, categoryId))) throw missingCategoryError(path);
}

export interface Membership {
  categoryId: string;
  kind: MemberKind;
  memberId: string;
}

/** Writes (or re-writes) the membership with a fresh token and returns that token. */
export async function addMembership(table: Table, membership: Membership): Promise<string> {
  const token = randomUUID();
  await putItem(table, { Item: { ...keyOf(membership), token } });
  return token;
}

/** Removes the membership unless a newer write re-created it (its token then differs): false then. */
export async function removeMembership(
  table: Table,
  membership: Membership,
  token: string,
): Promise<boolean> {
  return deleteIfStill(table, keyOf(membership), {
    ConditionExpression: '#token = :token',
    ExpressionAttributeNames: { '#token': 'token' },
    ExpressionAttributeValues: { ':token': token },
  });
}

/**
 * Whether any product or child category is still in the category. Memberships whose member is gone or
 * elsewhere were left by failed writes: they are deleted on the way, so they cannot block the category
 * forever. Strongly consistent reads throughout: this check guards a delete.
 */
export async function hasLiveMember(table: Table, categoryId: string): Promise<boolean> {
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await query(table, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :members)',
      ExpressionAttributeValues: { ':pk': categoryKey(categoryId).pk, ':members': MEMBER_PREFIX },
      ConsistentRead: true,
      Limit: MEMBER_CHECK_PAGE,
      ExclusiveStartKey: startKey,
    });
    for (const item of page.Items ?? []) {
      const member = parseMemberSortKey(String(item.sk));
      if (member === undefined) continue;
      const membership = { categoryId, kind: member.kind, memberId: member.id };
      if (await isLive(table, membership)) return true;
      // A failed delete means a write re-created the membership just now: count it as a member.
      if (!(await removeMembership(table, membership, String(item.token)))) return true;
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return false;
}

async function isLive(table: Table, { categoryId, kind, memberId }: Membership): Promise<boolean> {
  if (kind === 'PRODUCT') return (await getItem(table, productKey(memberId)))?.categoryId === categoryId;
  return (await getItem(table, categoryKey(memberId)))?.parentId === categoryId;
}

function keyOf({ categoryId, kind, memberId }: Membership) {
  return membershipKey(categoryId, kind, memberId);
}
