import { describe, expect, it } from 'vitest';
import { createMemoryCatalogRepository } from '../adapters/memory/catalog-repository.js';
import { createCatalogService } from '../app/catalog/catalog-service.js';
import { systemClock } from '../app/ports/clock.js';
import { silentLogger } from '../app/ports/logger.js';
import type { Principal } from '../app/ports/token-verifier.js';
import { NotFoundError } from '../domain/shared/errors.js';
import { DEMO_PRODUCTS } from './demo-catalog.js';
import { DEMO_STOCK, demoProductId, seedDemoCatalog, seedDemoStock } from './seed-demo.js';

const admin: Principal = { sub: 'admin', roles: ['admin'] };

function setUp() {
  const repository = createMemoryCatalogRepository();
  const catalog = createCatalogService({ repository, clock: systemClock });
  const seed = () => seedDemoCatalog({ catalog, isEmpty: () => repository.isEmpty(), logger: silentLogger });
  return { catalog, seed };
}

describe('seedDemoCatalog', () => {
  it('fills an empty catalog with every demo product under its stable id', async () => {
    const { catalog, seed } = setUp();

    expect(await seed()).toBe(DEMO_PRODUCTS.length);

    const page = await catalog.listProducts({ limit: 100, sort: 'name' }, admin);
    expect(page.items).toHaveLength(DEMO_PRODUCTS.length);
    const espresso = await catalog.getProduct(demoProductId('COF-ESPR-250'));
    expect(espresso).toMatchObject({ name: 'Espresso Classico 250 g', version: 1 });
  });

  it('leaves a catalog that already holds data alone', async () => {
    const { catalog, seed } = setUp();
    await catalog.createCategory({ name: 'Mine' });

    expect(await seed()).toBe(0);
    expect((await catalog.listProducts({ limit: 100, sort: 'name' }, admin)).items).toEqual([]);
  });
});

describe('seedDemoStock', () => {
  function stockSetUp(existing: Record<string, number>, missing: string[] = []) {
    const levels = new Map(Object.entries(existing));
    const deps = {
      inventory: {
        get: async (id: string) =>
          levels.has(id) ? { productId: id, available: levels.get(id) ?? 0 } : undefined,
      },
      ordering: {
        setInventory: async (id: string, available: number) => {
          if (missing.includes(id)) throw new NotFoundError(`No product with id "${id}".`);
          levels.set(id, available);
          return { productId: id, available };
        },
      },
      logger: silentLogger,
    };
    return { levels, seed: () => seedDemoStock(deps) };
  }

  it('gives every unstocked demo product DEMO_STOCK units', async () => {
    const { levels, seed } = stockSetUp({});

    expect(await seed()).toBe(DEMO_PRODUCTS.length);
    expect(levels.get(demoProductId('COF-ESPR-250'))).toBe(DEMO_STOCK);
  });

  it('never refills stock that orders or an admin changed, and skips deleted demo products', async () => {
    const espresso = demoProductId('COF-ESPR-250');
    const deleted = demoProductId(DEMO_PRODUCTS[1]?.sku ?? '');
    const { levels, seed } = stockSetUp({ [espresso]: 3 }, [deleted]);

    expect(await seed()).toBe(DEMO_PRODUCTS.length - 2);
    expect(levels.get(espresso)).toBe(3);
    expect(levels.has(deleted)).toBe(false);
  });
});
