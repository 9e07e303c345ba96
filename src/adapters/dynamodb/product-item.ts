import type { Product } from '../../domain/catalog/product.js';
import { DEFAULT_TAX_CLASS, searchWords } from '../../domain/catalog/product.js';
import { productSortKeys } from '../shared/sort-keys.js';
import { categoryProductPartition, productKey, productStatusPartition } from './keys.js';
import type { Item } from './table.js';

/** The product plus the index attributes (docs/data-model.md). */
export function toProductItem(product: Product): Item {
  return {
    ...productKey(product.id),
    ...productFields(product),
    statusKey: productStatusPartition(product.status),
    catStatusKey: categoryProductPartition(product.categoryId, product.status),
    ...productSortKeys(product),
    // Leading space: `contains(words, ' tea')` then matches "tea" only at the start of a word.
    words: ` ${searchWords(product.name).join(' ')}`,
  };
}

/**
 * Only the domain fields: index attributes never leave the adapter. An item written before products had a
 * tax class has no `taxClass` attribute: it reads as `standard`, the default a write would have given it.
 */
export function fromProductItem(item: Item): Product {
  const stored = item as unknown as Product;
  return productFields({ ...stored, taxClass: stored.taxClass ?? DEFAULT_TAX_CLASS });
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
    taxClass: source.taxClass,
    ...(source.images === undefined ? {} : { images: source.images }),
    createdAt: source.createdAt,
    updatedAt: source.updatedAt,
    version: source.version,
  };
}
