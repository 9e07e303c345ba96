import type { CatalogRepository } from '../../app/ports/catalog-repository.js';
import { fromCategoryItem } from './category-item.js';
import { deleteCategory, insertCategory, replaceCategory } from './category-writes.js';
import { categoryKey, productKey } from './keys.js';
import { isCatalogEmpty, listCategories, listProducts } from './list-queries.js';
import { fromProductItem } from './product-item.js';
import { deleteProduct, insertProduct, replaceProduct } from './product-writes.js';
import { batchGetItems, getItem, type TableOptions, tableFrom } from './table.js';

/** The catalog in one DynamoDB table (docs/data-model.md): same contract as the in-memory repository. */
export function createDynamoCatalogRepository(options: TableOptions): CatalogRepository {
  const table = tableFrom(options);
  return {
    async getProduct(id) {
      const item = await getItem(table, productKey(id));
      return item === undefined ? undefined : fromProductItem(item);
    },
    async getProducts(ids) {
      const items = await batchGetItems(
        table,
        [...new Set(ids)].map((id) => productKey(id)),
      );
      return items.map(fromProductItem);
    },
    insertProduct: (product) => insertProduct(table, product),
    replaceProduct: (next, expectedVersion) => replaceProduct(table, next, expectedVersion),
    deleteProduct: (id, expectedVersion) => deleteProduct(table, id, expectedVersion),
    listProducts: (query) => listProducts(table, query),

    async getCategory(id) {
      const item = await getItem(table, categoryKey(id));
      return item === undefined ? undefined : fromCategoryItem(item);
    },
    insertCategory: (category) => insertCategory(table, category),
    replaceCategory: (next, expectedVersion) => replaceCategory(table, next, expectedVersion),
    deleteCategory: (id, expectedVersion) => deleteCategory(table, id, expectedVersion),
    listCategories: (query) => listCategories(table, query),
    isEmpty: () => isCatalogEmpty(table),
  };
}
