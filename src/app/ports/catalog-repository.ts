import type { Category, CategoryListQuery } from '../../domain/catalog/category.js';
import type { Product, ProductListQuery } from '../../domain/catalog/product.js';
import type { Page } from '../../domain/shared/page.js';

/**
 * Storage of the catalog. Implementations enforce the invariants that need storage-level atomicity,
 * and signal them with domain errors (src/domain/shared/errors.ts):
 *
 * - SKU unique across the catalog ............................ ConflictError (errors[0].path 'sku')
 * - a product's category exists (and is not being deleted) ... UnprocessableError (path 'categoryId')
 * - a category's parent exists ................................ UnprocessableError (path 'parentId')
 * - writes apply only to the version the caller read ......... PreconditionFailedError
 * - a category with products or child categories stays ...... ConflictError
 *
 * Lists are cursor-paginated; a page is short only at the end. A cursor from a different query is
 * rejected with ValidationError (path 'cursor').
 */
export interface CatalogRepository {
  getProduct(id: string): Promise<Product | undefined>;
  /**
   * The products with these ids, in no particular order; ids that do not exist are left out. One round
   * trip per 100 ids (not one per id): carts and orders price many lines at once.
   */
  getProducts(ids: readonly string[]): Promise<Product[]>;
  /** Inserts a product that must not exist yet (ConflictError if the id is taken). */
  insertProduct(product: Product): Promise<void>;
  /** Writes `next` over the stored product iff its stored version is still `expectedVersion`. */
  replaceProduct(next: Product, expectedVersion: number): Promise<void>;
  /** Deletes and returns the product; undefined if absent. With `expectedVersion`, PreconditionFailedError on mismatch. */
  deleteProduct(id: string, expectedVersion?: number): Promise<Product | undefined>;
  listProducts(query: ProductListQuery): Promise<Page<Product>>;

  getCategory(id: string): Promise<Category | undefined>;
  /** Inserts a category that must not exist yet (ConflictError if the id is taken). */
  insertCategory(category: Category): Promise<void>;
  replaceCategory(next: Category, expectedVersion: number): Promise<void>;
  /** ConflictError while the category still has products or child categories. */
  deleteCategory(id: string, expectedVersion?: number): Promise<Category | undefined>;
  /** Categories ordered by name (then id). */
  listCategories(query: CategoryListQuery): Promise<Page<Category>>;
  /** True when the catalog holds no category and no product (used to seed a demo catalog). */
  isEmpty(): Promise<boolean>;
}
