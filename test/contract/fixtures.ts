import type { Clock } from '../../src/app/ports/clock.js';
import type { Category } from '../../src/domain/catalog/category.js';
import type { Product } from '../../src/domain/catalog/product.js';

/** A clock the test moves by hand: leases, claim ages and TTLs become deterministic. */
export interface ManualClock extends Clock {
  advance(ms: number): void;
}

export function manualClock(start = Date.parse('2026-03-01T12:00:00.000Z')): ManualClock {
  let now = start;
  return {
    now: () => new Date(now),
    advance: (ms) => {
      now += ms;
    },
  };
}

const T0 = '2026-01-01T00:00:00.000Z';
let sequence = 0;

export function category(overrides: Partial<Category> = {}): Category {
  sequence++;
  return {
    id: `cat-${sequence}`,
    name: `Category ${sequence}`,
    createdAt: T0,
    updatedAt: T0,
    version: 1,
    ...overrides,
  };
}

export function product(overrides: Partial<Product> & { categoryId: string }): Product {
  sequence++;
  return {
    id: `prod-${sequence}`,
    sku: `SKU-${sequence}`,
    name: `Product ${sequence}`,
    description: 'A thing to sell',
    price: { amount: 1000 + sequence, currency: 'EUR' },
    status: 'active',
    attributes: { colour: 'red', weight: 1.5, fragile: false },
    taxClass: 'standard',
    createdAt: T0,
    updatedAt: T0,
    version: 1,
    ...overrides,
  };
}

/** The next version of a product, as a use case would write it. */
export function revised(current: Product, changes: Partial<Product>): Product {
  return { ...current, ...changes, version: current.version + 1, updatedAt: '2026-02-01T00:00:00.000Z' };
}

/** Settles all promises and splits them into values and errors. */
export async function settle<T>(promises: Promise<T>[]): Promise<{ values: T[]; errors: unknown[] }> {
  const results = await Promise.allSettled(promises);
  return {
    values: results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : [])),
    errors: results.flatMap((result) => (result.status === 'rejected' ? [result.reason] : [])),
  };
}
