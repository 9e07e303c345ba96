import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PRODUCT_SORTS,
  type Product,
  type ProductSort,
  searchWords,
} from '../../src/domain/catalog/product.js';
import { json, startTestApi, type TestApi } from '../support/test-api.js';

const COLORS = ['Blue', 'Red', 'Green'];
const SHAPES = ['Mug', 'Bowl', 'Plate', 'Cup'];
const STATUSES = ['active', 'draft', 'active', 'archived', 'active'] as const;

/** The filters a client can combine, each with a reference predicate. */
const FILTERS: { query: Record<string, string>; keep: (p: Product) => boolean }[] = [
  { query: {}, keep: () => true },
  { query: { categoryId: 'cat-a' }, keep: (p) => p.categoryId === 'cat-a' },
  { query: { status: 'draft' }, keep: (p) => p.status === 'draft' },
  {
    query: { minPrice: '500', maxPrice: '1500' },
    keep: (p) => p.price.amount >= 500 && p.price.amount <= 1500,
  },
  { query: { q: 'blu' }, keep: (p) => p.name.startsWith('Blue') },
  {
    query: { categoryId: 'cat-b', minPrice: '1000', q: 'MUG' },
    keep: (p) => p.categoryId === 'cat-b' && p.price.amount >= 1000 && p.name.includes('Mug'),
  },
];

/** The primary sort key and direction; ties may come in any (but stable) order. */
function primary(sort: ProductSort): [(p: Product) => string | number, 1 | -1] {
  switch (sort) {
    case 'price':
      return [(p) => p.price.amount, 1];
    case '-price':
      return [(p) => p.price.amount, -1];
    case 'createdAt':
      return [(p) => p.createdAt, 1];
    case '-createdAt':
      return [(p) => p.createdAt, -1];
    case 'name':
      return [(p) => searchWords(p.name).join(' '), 1];
  }
}

describe('pagination over HTTP walks every item exactly once (DynamoDB Local)', () => {
  let api: TestApi;
  let products: Product[];
  let admin: { authorization: string };

  beforeAll(async () => {
    api = await startTestApi();
    admin = await api.auth('admin');
    await api.catalog.createCategory({ id: 'cat-a', name: 'A' });
    await api.catalog.createCategory({ id: 'cat-b', name: 'B' });
    products = [];
    for (let i = 0; i < 45; i++) {
      products.push(
        await api.catalog.createProduct({
          sku: `P-${i}`,
          // Repeated names and prices, so ties must be broken consistently across pages.
          name: `${COLORS[i % 3]} ${SHAPES[i % 4]}`,
          price: { amount: (i % 9) * 250, currency: 'EUR' },
          categoryId: i % 2 === 0 ? 'cat-a' : 'cat-b',
          status: STATUSES[i % 5] as Product['status'],
          attributes: {},
          taxClass: 'standard',
        }),
      );
    }
  });
  afterAll(() => api.close());

  async function walk(query: Record<string, string>, headers: Record<string, string>, limit: number) {
    const seen: Product[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 100; pages++) {
      const params = new URLSearchParams({ ...query, limit: String(limit), ...(cursor ? { cursor } : {}) });
      const response = await api.request(`/products?${params}`, { headers });
      expect(response.status, params.toString()).toBe(200);
      const page = await json(response);
      seen.push(...page.items);
      cursor = page.nextCursor;
      // A page is short only at the end.
      if (cursor !== null) expect(page.items, params.toString()).toHaveLength(limit);
      else return seen;
    }
    throw new Error('pagination did not end');
  }

  for (const sort of PRODUCT_SORTS) {
    for (const role of ['anonymous', 'admin'] as const) {
      it(`sort ${sort} as ${role}, under every filter`, async () => {
        const headers = role === 'admin' ? admin : {};
        const [key, direction] = primary(sort);
        for (const filter of FILTERS) {
          const label = `${sort} ${role} ${JSON.stringify(filter.query)}`;
          const expected = products
            .filter(filter.keep)
            .filter((p) => role === 'admin' || p.status === 'active')
            .map((p) => p.id)
            .sort();
          const seen = await walk({ ...filter.query, sort }, headers, 4);
          const ids = seen.map((p) => p.id);
          expect(new Set(ids).size, `${label}: duplicates`).toBe(ids.length);
          expect([...ids].sort(), label).toEqual(expected);
          for (let i = 1; i < seen.length; i++) {
            const [a, b] = [key(seen[i - 1] as Product), key(seen[i] as Product)];
            expect(direction * (a < b ? -1 : a > b ? 1 : 0), `${label}: order at ${i}`).toBeLessThanOrEqual(
              0,
            );
          }
        }
      });
    }
  }

  it('an empty result is one page with nextCursor null', async () => {
    const response = await api.request('/products?q=nothingmatches');
    expect(await json(response)).toEqual({ items: [], nextCursor: null });
  });
});
