import type { Product } from '../../domain/catalog/product.js';
import { searchWords } from '../../domain/catalog/product.js';
import { productSortKeys } from '../shared/sort-keys.js';
import { categoryProductPartition, productKey, productStatusPartition } from './keys.js';
import type { Item } from './table.js';

/**
 * Tokens of the guard items this product version relies on. A release deletes a SKU claim or membership
 * only if it still carries the token this product wrote, so a late cleanup can never remove a guard that a
 * newer write has re-created (see docs/data-model.md, "claims and memberships").
 */
export interface GuardTokens {
  skuToken: string;
  memberToken: string;
}

/** The product plus the index attributes (docs/data-model.md) and its guard tokens. */
export function toProductItem(product: Product, tokens: GuardTokens): Item {
  return {
    ...productKey(product.id),
    ...productFields(product),
    statusKey: productStatusPartition(product.status),
    catStatusKey: categoryProductPartition(product.categoryId, product.status),
    ...productSortKeys(product),
    // Leading space: `contains(words, ' tea')` then matches "tea" only at the start of a word.
    words: ` ${searchWords(product.name).join(' ')}`,
    skuToken: tokens.skuToken,
    memberToken: tokens.memberToken,
  };
}

/** Only the domain fields: index attributes and tokens never leave the adapter. */
export function fromProductItem(item: Item): Product {
  return productFields(item as unknown as Product);
}

export function guardTokensOf(item: Item): GuardTokens {
  return { skuToken: String(item.skuToken ?? ''), memberToken: String(item.memberToken ?? '') };
}

function productFields(source: Product): Product {
  return {
    id: source.id,
    sku: source.sku,
    name: source.name,
    ...(source.description === undefined ? {} : { description: source.description }),
    price: { amount: source.price.amount, currency: source.price.currency },
    categoryId: source.categoryId,
    status: source.status,
    attributes: { ...source.attributes },
    ...(source.images === undefined ? {} : { images: source.images }),
    createdAt: source.createdAt,
    updatedAt: source.updatedAt,
    version: source.version,
  };
}
