/**
 * Primary keys of every item kind in the single table. Partition keys carry the kind as a prefix, so ids
 * of different kinds never collide; docs/data-model.md lists the items and their access patterns.
 */
export interface ItemKey {
  pk: string;
  sk: string;
}

export const productKey = (id: string): ItemKey => ({ pk: `PRODUCT#${id}`, sk: 'PRODUCT' });
export const categoryKey = (id: string): ItemKey => ({ pk: `CATEGORY#${id}`, sk: 'CATEGORY' });
export const skuGuardKey = (sku: string): ItemKey => ({ pk: `SKU#${sku}`, sk: 'SKU' });
export const cartKey = (id: string): ItemKey => ({ pk: `CART#${id}`, sk: 'CART' });
export const idempotencyKey = (key: string): ItemKey => ({ pk: `IDEMPOTENCY#${key}`, sk: 'IDEMPOTENCY' });

/** Members of a category live in its partition under `M#`, so one Query finds any of them. */
export const MEMBER_PREFIX = 'M#';
export type MemberKind = 'PRODUCT' | 'CHILD';

export const membershipKey = (categoryId: string, kind: MemberKind, memberId: string): ItemKey => ({
  pk: categoryKey(categoryId).pk,
  sk: `${MEMBER_PREFIX}${kind}#${memberId}`,
});

/** Parses a membership sort key back into what it points at. */
export function parseMemberSortKey(sk: string): { kind: MemberKind; id: string } | undefined {
  const match = /^M#(PRODUCT|CHILD)#(.+)$/.exec(sk);
  if (match === null) return undefined;
  return { kind: match[1] as MemberKind, id: match[2] as string };
}

/** Index partition values. */
export const productStatusPartition = (status: string): string => `PRODUCT#${status}`;
export const categoryProductPartition = (categoryId: string, status: string): string =>
  `CATPRODUCT#${categoryId}#${status}`;
export const ALL_CATEGORIES_PARTITION = 'CATEGORY';
export const childCategoriesPartition = (parentId: string): string => `CHILDOF#${parentId}`;
