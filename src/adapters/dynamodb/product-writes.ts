import type { Product } from '../../domain/catalog/product.js';
import {
  idTakenError,
  missingCategoryError,
  notFoundError,
  staleVersionError,
} from '../shared/catalog-errors.js';
import { productKey } from './keys.js';
import {
  addMembership,
  isCategoryUsable,
  type Membership,
  removeMembership,
  requireUsableCategory,
} from './memberships.js';
import { fromProductItem, guardTokensOf, toProductItem } from './product-item.js';
import { claimSku, releaseSku, type SkuClaim } from './sku-claims.js';
import {
  ConditionFailed,
  deleteIfStill,
  deleteItem,
  getItem,
  putIfStill,
  putItem,
  type Table,
} from './table.js';

/**
 * Product writes keep SKU uniqueness and category integrity with conditional writes in a fixed order:
 * claim the SKU, join the category, write the product, re-check the category, then release what the
 * previous version held. Every step is safe to crash after (docs/data-model.md argues each one).
 */

const VERSION = { '#version': 'version' };

const membershipOf = (product: Product): Membership => ({
  categoryId: product.categoryId,
  kind: 'PRODUCT',
  memberId: product.id,
});

export async function insertProduct(table: Table, product: Product): Promise<void> {
  await requireUsableCategory(table, product.categoryId, 'categoryId');
  const claim = await claimSku(table, product.sku, product.id);
  const memberToken = await addMembership(table, membershipOf(product));
  try {
    await putItem(table, {
      Item: toProductItem(product, { skuToken: claim.token, memberToken }),
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  } catch (error) {
    // Only a failed condition proves the product was not written; after a timeout it may have been.
    if (!(error instanceof ConditionFailed)) throw error;
    await releaseIfFresh(table, product, claim);
    throw idTakenError('product');
  }
  if (!(await isCategoryUsable(table, product.categoryId))) {
    const undone = await deleteIfStill(table, productKey(product.id), {
      ConditionExpression: '#memberToken = :memberToken',
      ExpressionAttributeNames: { '#memberToken': 'memberToken' },
      ExpressionAttributeValues: { ':memberToken': memberToken },
    });
    if (undone) {
      await releaseIfFresh(table, product, claim);
      await removeMembership(table, membershipOf(product), memberToken);
    }
    throw missingCategoryError('categoryId');
  }
}

export async function replaceProduct(table: Table, next: Product, expectedVersion: number): Promise<void> {
  const currentItem = await getItem(table, productKey(next.id));
  if (currentItem === undefined) throw notFoundError('product');
  const current = fromProductItem(currentItem);
  if (current.version !== expectedVersion) throw staleVersionError();
  const previousTokens = guardTokensOf(currentItem);
  const moving = current.categoryId !== next.categoryId;
  const renaming = current.sku !== next.sku;

  if (moving) await requireUsableCategory(table, next.categoryId, 'categoryId');
  const claim = renaming ? await claimSku(table, next.sku, next.id) : undefined;
  const memberToken = moving ? await addMembership(table, membershipOf(next)) : previousTokens.memberToken;
  try {
    await putItem(table, {
      Item: toProductItem(next, { skuToken: claim?.token ?? previousTokens.skuToken, memberToken }),
      ConditionExpression: '#version = :expected',
      ExpressionAttributeNames: VERSION,
      ExpressionAttributeValues: { ':expected': expectedVersion },
    });
  } catch (error) {
    if (!(error instanceof ConditionFailed)) throw error;
    if (claim !== undefined) await releaseIfFresh(table, next, claim);
    throw (await getItem(table, productKey(next.id))) === undefined
      ? notFoundError('product')
      : staleVersionError();
  }

  if (moving && !(await isCategoryUsable(table, next.categoryId))) {
    const restored = await putIfStill(table, currentItem, {
      ConditionExpression: '#version = :written AND #memberToken = :memberToken',
      ExpressionAttributeNames: { ...VERSION, '#memberToken': 'memberToken' },
      ExpressionAttributeValues: { ':written': next.version, ':memberToken': memberToken },
    });
    if (restored) {
      if (claim !== undefined) await releaseIfFresh(table, next, claim);
      await removeMembership(table, membershipOf(next), memberToken);
    }
    throw missingCategoryError('categoryId');
  }
  // The new version is durable: only now give up what the previous one held.
  if (renaming) await releaseSku(table, current.sku, current.id, previousTokens.skuToken);
  if (moving) await removeMembership(table, membershipOf(current), previousTokens.memberToken);
}

export async function deleteProduct(
  table: Table,
  id: string,
  expectedVersion: number | undefined,
): Promise<Product | undefined> {
  let deleted: Record<string, unknown> | undefined;
  try {
    deleted = await deleteItem(table, {
      Key: productKey(id),
      ...(expectedVersion === undefined
        ? {}
        : {
            // Absent is not a version mismatch: deleting nothing returns undefined, as without a version.
            ConditionExpression: 'attribute_not_exists(pk) OR #version = :expected',
            ExpressionAttributeNames: VERSION,
            ExpressionAttributeValues: { ':expected': expectedVersion },
          }),
    });
  } catch (error) {
    if (error instanceof ConditionFailed) throw staleVersionError();
    throw error;
  }
  if (deleted === undefined) return undefined;
  const product = fromProductItem(deleted);
  const tokens = guardTokensOf(deleted);
  await releaseSku(table, product.sku, product.id, tokens.skuToken);
  await removeMembership(table, membershipOf(product), tokens.memberToken);
  return product;
}

async function releaseIfFresh(table: Table, product: Product, claim: SkuClaim): Promise<void> {
  if (claim.fresh) await releaseSku(table, product.sku, product.id, claim.token);
}
