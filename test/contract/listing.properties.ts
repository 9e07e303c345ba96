import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { CatalogRepository } from '../../src/app/ports/catalog-repository.js';
import type { Category } from '../../src/domain/catalog/category.js';
import {
  PRODUCT_SORTS,
  PRODUCT_STATUSES,
  type Product,
  type ProductListQuery,
  searchWords,
} from '../../src/domain/catalog/product.js';
import type { Page } from '../../src/domain/shared/page.js';
import { type ManualClock, manualClock } from './fixtures.js';

/**
 * Pagination walks every item exactly once, in order, under every filter and sort: checked against a
 * straightforward reference (filter, then sort by the field and the id) on generated catalogs. Small
 * value pools make ties (same price, same createdAt, same name) common, because ties are where cursors break.
 */

const WORDS = ['Tea', 'tea', 'Teapot', 'Cup', 'Café', 'crème', 'Grün', 'green', 'X'];
const QUERY_WORDS = ['te', 'tea', 'cup', 'cafe', 'crem', 'gr', 'x', 'zz'];
const CATEGORY_IDS = ['c-1', 'c-2', 'c-3'];
const TIMES = ['2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z', '2026-01-02T00:00:00.001Z'];

const idArbitrary = fc.stringMatching(/^[A-Za-z0-9_-]{1,8}$/);
const nameArbitrary = fc
  .tuple(
    fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 3 }),
    fc.constantFrom(' ', '-', ' & '),
  )
  .map(([words, separator]) => words.join(separator));

const productsArbitrary = fc.uniqueArray(idArbitrary, { maxLength: 24 }).chain((ids) =>
  fc.tuple(
    ...ids.map((id) =>
      fc.record({
        id: fc.constant(id),
        name: nameArbitrary,
        amount: fc.constantFrom(0, 100, 250, 999, 9_007_199_254_740_991),
        status: fc.constantFrom(...PRODUCT_STATUSES),
        categoryId: fc.constantFrom(...CATEGORY_IDS),
        createdAt: fc.constantFrom(...TIMES),
      }),
    ),
  ),
);

const queryArbitrary = fc.record({
  limit: fc.integer({ min: 1, max: 7 }),
  statuses: fc.subarray([...PRODUCT_STATUSES], { minLength: 1 }),
  sort: fc.constantFrom(...PRODUCT_SORTS),
  categoryId: fc.option(fc.constantFrom(...CATEGORY_IDS), { nil: undefined }),
  minPrice: fc.option(fc.constantFrom(0, 100, 250, 1000), { nil: undefined }),
  maxPrice: fc.option(fc.constantFrom(0, 250, 999, 9_007_199_254_740_991), { nil: undefined }),
  q: fc.option(
    fc.array(fc.constantFrom(...QUERY_WORDS), { minLength: 1, maxLength: 2 }).map((words) => words.join(' ')),
    { nil: undefined },
  ),
});

function toProduct(spec: {
  id: string;
  name: string;
  amount: number;
  status: Product['status'];
  categoryId: string;
  createdAt: string;
}): Product {
  return {
    id: spec.id,
    sku: `SKU-${spec.id}`,
    name: spec.name,
    price: { amount: spec.amount, currency: 'EUR' },
    categoryId: spec.categoryId,
    status: spec.status,
    attributes: {},
    taxClass: 'standard',
    createdAt: spec.createdAt,
    updatedAt: spec.createdAt,
    version: 1,
  };
}

function referenceList(products: readonly Product[], query: Omit<ProductListQuery, 'cursor'>): string[] {
  const wanted = searchWords(query.q ?? '');
  const matches = products.filter(
    (p) =>
      query.statuses.includes(p.status) &&
      (query.categoryId === undefined || p.categoryId === query.categoryId) &&
      (query.minPrice === undefined || p.price.amount >= query.minPrice) &&
      (query.maxPrice === undefined || p.price.amount <= query.maxPrice) &&
      wanted.every((w) => searchWords(p.name).some((word) => word.startsWith(w))),
  );
  const field = (p: Product): string | number => {
    if (query.sort.endsWith('createdAt')) return p.createdAt;
    if (query.sort.endsWith('price')) return p.price.amount;
    return searchWords(p.name).join(' ');
  };
  const ascending = [...matches].sort((a, b) => compare(field(a), field(b)) || compare(a.id, b.id));
  const descending = query.sort.startsWith('-');
  return (descending ? ascending.reverse() : ascending).map((p) => p.id);
}

function compare(a: string | number, b: string | number): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** Follows nextCursor to the end, checking that only the last page is short. */
async function walk<T extends { id: string }>(
  limit: number,
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 200; pages++) {
    const page = await fetchPage(cursor);
    ids.push(...page.items.map((item) => item.id));
    if (page.nextCursor === null) {
      expect(page.items.length).toBeLessThanOrEqual(limit);
      return ids;
    }
    expect(page.items).toHaveLength(limit);
    cursor = page.nextCursor;
  }
  throw new Error('pagination did not end');
}

export function describeListingProperties(
  factory: (clock: ManualClock) => Promise<CatalogRepository>,
  numRuns: number,
): void {
  it('walks every product exactly once, in order, under every filter and sort', async () => {
    await fc.assert(
      fc.asyncProperty(
        productsArbitrary,
        fc.array(queryArbitrary, { minLength: 1, maxLength: 4 }),
        async (specs, queries) => {
          const repository = await factory(manualClock());
          for (const id of CATEGORY_IDS) await repository.insertCategory(categoryOf(id, id));
          const products = specs.map(toProduct);
          await Promise.all(products.map((p) => repository.insertProduct(p)));
          for (const query of queries) {
            const ids = await walk(query.limit, (cursor) => repository.listProducts({ ...query, cursor }));
            expect(ids).toEqual(referenceList(products, query));
          }
        },
      ),
      { numRuns },
    );
  });

  it('walks every category exactly once, by name then id, with and without a parent filter', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .uniqueArray(idArbitrary, { maxLength: 15 })
          .chain((ids) =>
            fc.tuple(
              fc.constant(ids),
              fc.array(nameArbitrary, { minLength: ids.length, maxLength: ids.length }),
              fc.array(fc.boolean(), { minLength: ids.length, maxLength: ids.length }),
            ),
          ),
        fc.integer({ min: 1, max: 5 }),
        async ([ids, names, underRoot], limit) => {
          const repository = await factory(manualClock());
          const root = categoryOf('root-parent', 'Root');
          await repository.insertCategory(root);
          const categories = ids.map((id, i) => ({
            ...categoryOf(id, names[i] ?? 'x'),
            ...(underRoot[i] ? { parentId: root.id } : {}),
          }));
          await Promise.all(categories.map((c) => repository.insertCategory(c)));
          const all = [root, ...categories];
          const byName = (list: Category[]) =>
            [...list]
              .sort(
                (a, b) =>
                  compare(searchWords(a.name).join(' '), searchWords(b.name).join(' ')) ||
                  compare(a.id, b.id),
              )
              .map((c) => c.id);
          expect(await walk(limit, (cursor) => repository.listCategories({ limit, cursor }))).toEqual(
            byName(all),
          );
          const children = all.filter((c) => c.parentId === root.id);
          expect(
            await walk(limit, (cursor) => repository.listCategories({ limit, cursor, parentId: root.id })),
          ).toEqual(byName(children));
        },
      ),
      { numRuns: Math.max(5, Math.floor(numRuns / 2)) },
    );
  });
}

function categoryOf(id: string, name: string): Category {
  return { id, name, createdAt: TIMES[0] ?? '', updatedAt: TIMES[0] ?? '', version: 1 };
}
