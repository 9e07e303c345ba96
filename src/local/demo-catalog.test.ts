import { describe, expect, it } from 'vitest';
import { categoryInputSchema } from '../domain/catalog/category.js';
import { productInputSchema } from '../domain/catalog/product.js';
import { DEMO_CATEGORIES, DEMO_PRODUCTS } from './demo-catalog.js';

describe('demo catalog', () => {
  it('is big enough to page through: at least 3 categories and 50 products, unique SKUs', () => {
    expect(DEMO_CATEGORIES.length).toBeGreaterThanOrEqual(3);
    expect(DEMO_PRODUCTS.length).toBeGreaterThanOrEqual(50);
    expect(new Set(DEMO_PRODUCTS.map((product) => product.sku)).size).toBe(DEMO_PRODUCTS.length);
  });

  it('passes the same validation as API writes, so seeding cannot fail on a schema change unnoticed', () => {
    for (const category of DEMO_CATEGORIES) expect(categoryInputSchema.parse(category)).toBeTruthy();
    for (const product of DEMO_PRODUCTS) expect(productInputSchema.safeParse(product).error).toBeUndefined();
  });

  it('refers only to its own categories, parents listed before children', () => {
    const seen = new Set<string>();
    for (const category of DEMO_CATEGORIES) {
      if (category.parentId) expect(seen).toContain(category.parentId);
      seen.add(category.id ?? '');
    }
    for (const product of DEMO_PRODUCTS) expect(seen).toContain(product.categoryId);
  });

  it('is mostly active, with a few draft and archived products for admins to see', () => {
    const count = (status: string) => DEMO_PRODUCTS.filter((product) => product.status === status).length;
    expect(count('active')).toBeGreaterThan(DEMO_PRODUCTS.length * 0.8);
    expect(count('draft')).toBeGreaterThan(0);
    expect(count('archived')).toBeGreaterThan(0);
  });

  it('taxes coffee and tea (food) at the reduced rate and everything else at the standard one', () => {
    const byCategory = new Map<string, Set<string>>();
    for (const product of DEMO_PRODUCTS) {
      const classes = byCategory.get(product.categoryId) ?? new Set();
      byCategory.set(product.categoryId, classes.add(product.taxClass));
    }
    expect(Object.fromEntries([...byCategory].map(([id, classes]) => [id, [...classes]]))).toEqual({
      coffee: ['reduced'],
      'single-origin': ['reduced'],
      tea: ['reduced'],
      brewing: ['standard'],
      cups: ['standard'],
    });
  });
});
