import type { Category, CategoryListQuery } from '../../domain/catalog/category.js';
import {
  PRODUCT_STATUSES,
  type Product,
  type ProductListQuery,
  searchWords,
} from '../../domain/catalog/product.js';
import type { Page } from '../../domain/shared/page.js';
import {
  categoryQueryFingerprint,
  decodeCursor,
  pageFrom,
  productQueryFingerprint,
} from '../shared/list-cursor.js';
import { compareKeys, pricePrefix, SORT_ORDERS, type SortKeyName } from '../shared/sort-keys.js';
import { fromCategoryItem } from './category-item.js';
import {
  ALL_CATEGORIES_PARTITION,
  categoryProductPartition,
  childCategoriesPartition,
  productStatusPartition,
} from './keys.js';
import { isEmptyRange, type PartitionRange, readMerged } from './partition-reader.js';
import { fromProductItem } from './product-item.js';
import { query, type Table } from './table.js';
import { INDEX_NAMES, type IndexName } from './table-schema.js';

/**
 * Every list is a Query on an index built for it (docs/data-model.md): never a Scan. With several statuses
 * (admins) each status partition is read in order and the partitions are merged by sort key.
 */

// With a filter, DynamoDB's Limit counts items evaluated, not matched: read ahead, within reason.
const FILTER_READ_AHEAD = 4;
const MAX_PAGE_SIZE = 1000;

const INDEXES: Record<'status' | 'category', Record<SortKeyName, IndexName>> = {
  status: { createdKey: 'byStatusCreated', priceKey: 'byStatusPrice', nameKey: 'byStatusName' },
  category: { createdKey: 'byCategoryCreated', priceKey: 'byCategoryPrice', nameKey: 'byCategoryName' },
};

export async function listProducts(table: Table, listQuery: ProductListQuery): Promise<Page<Product>> {
  const fingerprint = productQueryFingerprint(listQuery);
  const after = decodeCursor(listQuery.cursor, fingerprint);
  const { minPrice, maxPrice, categoryId } = listQuery;
  // Nothing can match: answer without reading a partition through a filter that rejects everything.
  if (minPrice !== undefined && maxPrice !== undefined && minPrice > maxPrice) {
    return pageFrom([], listQuery.limit, fingerprint);
  }

  const order = SORT_ORDERS[listQuery.sort];
  let lower: string | undefined;
  let upper: string | undefined;
  if (order.key === 'priceKey') {
    // Price keys are `<16 digits>#<id>`: '$' sorts right after '#', so this bound includes every id.
    if (minPrice !== undefined) lower = pricePrefix(minPrice);
    if (maxPrice !== undefined) upper = `${pricePrefix(maxPrice)}$`;
  }
  if (after !== undefined) {
    if (order.descending) upper = upper === undefined || compareKeys(after, upper) < 0 ? after : upper;
    else lower = lower === undefined || compareKeys(after, lower) > 0 ? after : lower;
  }
  if (isEmptyRange(lower, upper)) return pageFrom([], listQuery.limit, fingerprint);

  const filter = productFilter(listQuery, order.key !== 'priceKey');
  const pageSize = filter
    ? Math.min(MAX_PAGE_SIZE, (listQuery.limit + 2) * FILTER_READ_AHEAD)
    : listQuery.limit + 2;
  const scope = categoryId === undefined ? 'status' : 'category';
  const ranges = [...new Set(listQuery.statuses)].map(
    (status): PartitionRange => ({
      indexName: INDEX_NAMES[INDEXES[scope][order.key]],
      partitionAttribute: categoryId === undefined ? 'statusKey' : 'catStatusKey',
      partitionValue:
        categoryId === undefined
          ? productStatusPartition(status)
          : categoryProductPartition(categoryId, status),
      sortAttribute: order.key,
      lower,
      upper,
      descending: order.descending,
      filter,
      pageSize,
    }),
  );
  const items = await readMerged(table, ranges, { count: listQuery.limit + 1, skipKey: after });
  const entries = items.map((item) => ({ key: String(item[order.key]), item: fromProductItem(item) }));
  return pageFrom(entries, listQuery.limit, fingerprint);
}

/** Price bounds (when the sort key is not the price) and search words, as one FilterExpression. */
function productFilter(listQuery: ProductListQuery, filterPrice: boolean): PartitionRange['filter'] {
  const clauses: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  if (filterPrice && (listQuery.minPrice !== undefined || listQuery.maxPrice !== undefined)) {
    Object.assign(names, { '#price': 'price', '#amount': 'amount' });
    if (listQuery.minPrice !== undefined) {
      clauses.push('#price.#amount >= :minPrice');
      values[':minPrice'] = listQuery.minPrice;
    }
    if (listQuery.maxPrice !== undefined) {
      clauses.push('#price.#amount <= :maxPrice');
      values[':maxPrice'] = listQuery.maxPrice;
    }
  }
  const words = [...new Set(searchWords(listQuery.q ?? ''))];
  for (const [index, word] of words.entries()) {
    names['#words'] = 'words';
    // `words` starts with a space and separates words by one: ' <prefix>' matches at a word start only.
    clauses.push(`contains(#words, :word${index})`);
    values[`:word${index}`] = ` ${word}`;
  }
  return clauses.length === 0 ? undefined : { expression: clauses.join(' AND '), names, values };
}

export async function listCategories(table: Table, listQuery: CategoryListQuery): Promise<Page<Category>> {
  const fingerprint = categoryQueryFingerprint(listQuery);
  const after = decodeCursor(listQuery.cursor, fingerprint);
  const byParent = listQuery.parentId !== undefined;
  const range: PartitionRange = {
    indexName: byParent ? INDEX_NAMES.byCategoryName : INDEX_NAMES.byStatusName,
    partitionAttribute: byParent ? 'catStatusKey' : 'statusKey',
    partitionValue:
      listQuery.parentId === undefined
        ? ALL_CATEGORIES_PARTITION
        : childCategoriesPartition(listQuery.parentId),
    sortAttribute: 'nameKey',
    lower: after,
    descending: false,
    pageSize: listQuery.limit + 2,
  };
  const items = await readMerged(table, [range], { count: listQuery.limit + 1, skipKey: after });
  const entries = items.map((item) => ({ key: String(item.nameKey), item: fromCategoryItem(item) }));
  return pageFrom(entries, listQuery.limit, fingerprint);
}

/** One single-item Query per partition that could hold anything: categories and each product status. */
export async function isCatalogEmpty(table: Table): Promise<boolean> {
  const partitions = [
    { indexName: INDEX_NAMES.byStatusName, value: ALL_CATEGORIES_PARTITION },
    ...PRODUCT_STATUSES.map((status) => ({
      indexName: INDEX_NAMES.byStatusCreated,
      value: productStatusPartition(status),
    })),
  ];
  const counts = await Promise.all(
    partitions.map(async ({ indexName, value }) => {
      const output = await query(table, {
        IndexName: indexName,
        KeyConditionExpression: 'statusKey = :value',
        ExpressionAttributeValues: { ':value': value },
        Limit: 1,
      });
      return output.Items?.length ?? 0;
    }),
  );
  return counts.every((count) => count === 0);
}
