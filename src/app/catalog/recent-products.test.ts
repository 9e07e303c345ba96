import { describe, expect, it } from 'vitest';
import { createMemoryCatalogRepository } from '../../adapters/memory/catalog-repository.js';
import type { Product } from '../../domain/catalog/product.js';
import type { CatalogRepository } from '../ports/catalog-repository.js';
import { withRecentProducts } from './recent-products.js';

const product = (id: string, amount: number) =>
  ({
    id,
    sku: `SKU-${id}`,
    name: id,
    description: '',
    categoryId: 'c',
    status: 'active',
    price: { amount, currency: 'EUR' },
    taxClass: 'standard',
    images: [],
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    version: 1,
  }) as unknown as Product;

async function catalogWith(...products: Product[]): Promise<CatalogRepository> {
  const inner = createMemoryCatalogRepository();
  const at = '2026-01-01T00:00:00.000Z';
  await inner.insertCategory({ id: 'c', name: 'C', createdAt: at, updatedAt: at, version: 1 });
  for (const p of products) await inner.insertProduct(p);
  return inner;
}

/** The repository behind the cache, counting the ids it is asked for. */
function counted(inner: CatalogRepository) {
  const asked: string[] = [];
  return {
    asked,
    repository: {
      ...inner,
      getProducts: async (ids: readonly string[]) => {
        asked.push(...ids);
        return inner.getProducts(ids);
      },
    },
  };
}

describe('recent products', () => {
  it('reads a product once per interval, and again once it is older', async () => {
    const inner = await catalogWith(product('a', 100), product('b', 200));
    const { asked, repository } = counted(inner);
    let nowMs = 0;
    const catalog = withRecentProducts(repository, { maxAgeMs: 5000, now: () => nowMs });
    expect((await catalog.getProducts(['a', 'b'])).map((p) => p.price.amount)).toEqual([100, 200]);
    nowMs = 4999;
    expect((await catalog.getProducts(['b', 'a', 'nope'])).map((p) => p.id).sort()).toEqual(['a', 'b']);
    expect(asked).toEqual(['a', 'b', 'nope']);
    nowMs = 5000;
    await catalog.getProducts(['a']);
    expect(asked).toEqual(['a', 'b', 'nope', 'a']);
  });

  it('shows its own writes at once: a replaced or deleted product is read again', async () => {
    const inner = await catalogWith(product('a', 100));
    const catalog = withRecentProducts(counted(inner).repository, { maxAgeMs: 60_000, now: () => 0 });
    await catalog.getProducts(['a']);
    await catalog.replaceProduct({ ...product('a', 150), version: 2 }, 1);
    expect((await catalog.getProducts(['a']))[0]?.price.amount).toBe(150);
    await catalog.deleteProduct('a');
    expect(await catalog.getProducts(['a'])).toEqual([]);
  });

  it('is the repository itself with a maximum age of 0', () => {
    const inner = createMemoryCatalogRepository();
    expect(withRecentProducts(inner, { maxAgeMs: 0 })).toBe(inner);
  });
});
