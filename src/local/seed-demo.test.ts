import { describe, expect, it } from 'vitest';
import { createMemoryCatalogRepository } from '../adapters/memory/catalog-repository.js';
import { createCatalogService } from '../app/catalog/catalog-service.js';
import { systemClock } from '../app/ports/clock.js';
import { silentLogger } from '../app/ports/logger.js';
import type { Principal } from '../app/ports/token-verifier.js';
import { DEMO_PRODUCTS } from './demo-catalog.js';
import { demoProductId, seedDemoCatalog } from './seed-demo.js';

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
