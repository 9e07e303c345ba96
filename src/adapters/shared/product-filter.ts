import { type Product, type ProductListQuery, searchWords } from '../../domain/catalog/product.js';

/**
 * Whether a product matches the filters of a list query (not the cursor). The in-memory adapter uses it
 * directly; the DynamoDB adapter expresses the same rules as key conditions and filter expressions.
 */
export function matchesProductQuery(product: Product, query: ProductListQuery): boolean {
  if (!query.statuses.includes(product.status)) return false;
  if (query.categoryId !== undefined && product.categoryId !== query.categoryId) return false;
  if (query.minPrice !== undefined && product.price.amount < query.minPrice) return false;
  if (query.maxPrice !== undefined && product.price.amount > query.maxPrice) return false;
  const wanted = searchWords(query.q ?? '');
  if (wanted.length === 0) return true;
  const words = searchWords(product.name);
  return wanted.every((prefix) => words.some((word) => word.startsWith(prefix)));
}
