import type { CatalogRepository } from '../../app/ports/catalog-repository.js';
import type { Category, CategoryListQuery } from '../../domain/catalog/category.js';
import { DEFAULT_TAX_CLASS, type Product, type ProductListQuery } from '../../domain/catalog/product.js';
import type { Page } from '../../domain/shared/page.js';
import {
  categoryInUseError,
  idTakenError,
  missingCategoryError,
  notFoundError,
  skuTakenError,
  staleVersionError,
} from '../shared/catalog-errors.js';
import {
  categoryQueryFingerprint,
  decodeCursor,
  pageFrom,
  productQueryFingerprint,
} from '../shared/list-cursor.js';
import { matchesProductQuery } from '../shared/product-filter.js';
import { categorySortKey, compareKeys, productSortKeys, SORT_ORDERS } from '../shared/sort-keys.js';

/**
 * The catalog in a Map, for fast tests and demos. Every method checks and mutates without awaiting in
 * between, so each call is atomic on the event loop: the invariants hold under concurrent callers just as
 * the DynamoDB adapter's conditional writes make them hold. Same errors, order and cursors as that adapter
 * (test/contract runs one suite against both). Values are copied in and out so callers cannot mutate state.
 */
export function createMemoryCatalogRepository(): CatalogRepository {
  const products = new Map<string, Product>();
  const categories = new Map<string, Category>();
  const skuOwners = new Map<string, string>();

  function requireCategory(id: string, path: 'categoryId' | 'parentId'): void {
    if (!categories.has(id)) throw missingCategoryError(path);
  }

  function requireFreeSku(sku: string, productId: string): void {
    const owner = skuOwners.get(sku);
    if (owner !== undefined && owner !== productId) throw skuTakenError(sku);
  }

  function requireVersion(stored: { version: number }, expectedVersion: number | undefined): void {
    if (expectedVersion !== undefined && stored.version !== expectedVersion) throw staleVersionError();
  }

  return {
    async getProduct(id) {
      return readOut(products.get(id));
    },

    async getProducts(ids) {
      return [...new Set(ids)].flatMap((id) => {
        const product = products.get(id);
        return product === undefined ? [] : [readOut(product)];
      });
    },

    async insertProduct(product) {
      requireCategory(product.categoryId, 'categoryId');
      requireFreeSku(product.sku, product.id);
      if (products.has(product.id)) throw idTakenError('product');
      products.set(product.id, copy(product));
      skuOwners.set(product.sku, product.id);
    },

    async replaceProduct(next, expectedVersion) {
      const stored = products.get(next.id);
      if (stored === undefined) throw notFoundError('product');
      requireVersion(stored, expectedVersion);
      requireCategory(next.categoryId, 'categoryId');
      requireFreeSku(next.sku, next.id);
      products.set(next.id, copy(next));
      if (stored.sku !== next.sku) skuOwners.delete(stored.sku);
      skuOwners.set(next.sku, next.id);
    },

    async deleteProduct(id, expectedVersion) {
      const stored = products.get(id);
      if (stored === undefined) return undefined;
      requireVersion(stored, expectedVersion);
      products.delete(id);
      skuOwners.delete(stored.sku);
      return readOut(stored);
    },

    async listProducts(query: ProductListQuery): Promise<Page<Product>> {
      const fingerprint = productQueryFingerprint(query);
      const after = decodeCursor(query.cursor, fingerprint);
      const order = SORT_ORDERS[query.sort];
      const direction = order.descending ? -1 : 1;
      const entries = [...products.values()]
        .filter((product) => matchesProductQuery(product, query))
        .map((product) => ({ key: productSortKeys(product)[order.key], item: product }))
        .filter((entry) => after === undefined || direction * compareKeys(entry.key, after) > 0)
        .sort((a, b) => direction * compareKeys(a.key, b.key))
        .slice(0, query.limit + 1)
        .map((entry) => ({ key: entry.key, item: readOut(entry.item) }));
      return pageFrom(entries, query.limit, fingerprint);
    },

    async getCategory(id) {
      return copy(categories.get(id));
    },

    async insertCategory(category) {
      if (category.parentId !== undefined) requireCategory(category.parentId, 'parentId');
      if (categories.has(category.id)) throw idTakenError('category');
      categories.set(category.id, copy(category));
    },

    async replaceCategory(next, expectedVersion) {
      const stored = categories.get(next.id);
      if (stored === undefined) throw notFoundError('category');
      requireVersion(stored, expectedVersion);
      if (next.parentId !== undefined) requireCategory(next.parentId, 'parentId');
      categories.set(next.id, copy(next));
    },

    async deleteCategory(id, expectedVersion) {
      const stored = categories.get(id);
      if (stored === undefined) return undefined;
      requireVersion(stored, expectedVersion);
      const inUse =
        [...products.values()].some((product) => product.categoryId === id) ||
        [...categories.values()].some((category) => category.parentId === id);
      if (inUse) throw categoryInUseError();
      categories.delete(id);
      return copy(stored);
    },

    async listCategories(query: CategoryListQuery): Promise<Page<Category>> {
      const fingerprint = categoryQueryFingerprint(query);
      const after = decodeCursor(query.cursor, fingerprint);
      const entries = [...categories.values()]
        .filter((category) => query.parentId === undefined || category.parentId === query.parentId)
        .map((category) => ({ key: categorySortKey(category), item: category }))
        .filter((entry) => after === undefined || compareKeys(entry.key, after) > 0)
        .sort((a, b) => compareKeys(a.key, b.key))
        .slice(0, query.limit + 1)
        .map((entry) => ({ key: entry.key, item: copy(entry.item) }));
      return pageFrom(entries, query.limit, fingerprint);
    },

    async isEmpty() {
      return products.size === 0 && categories.size === 0;
    },
  };
}

function copy<T>(value: T): T {
  return structuredClone(value);
}

/**
 * A stored product as callers get it: a copy, and `standard` for a product stored before products had a tax
 * class (as the DynamoDB adapter reads an item without the attribute).
 */
function readOut<T extends Product | undefined>(product: T): T {
  if (product === undefined) return product;
  return { ...copy(product), taxClass: product.taxClass ?? DEFAULT_TAX_CLASS };
}
