import type { CatalogService } from '../app/catalog/catalog-service.js';
import type { InventoryUseCases } from '../app/ordering/inventory-use-cases.js';
import type { Logger } from '../app/ports/logger.js';
import type { InventoryStore } from '../app/ports/order-store.js';
import { NotFoundError } from '../domain/shared/errors.js';
import { DEMO_CATEGORIES, DEMO_PRODUCTS } from './demo-catalog.js';

/** The demo products' ids are their SKUs in lower case, so the examples in docs/local.md work as written. */
export const demoProductId = (sku: string): string => sku.toLowerCase();

/**
 * Seeds the demo catalog through the catalog service (so every invariant an API client meets holds for
 * the demo data too) when `isEmpty` says there is nothing yet, so a restart never duplicates or
 * overwrites what a user changed. Returns how many products were written.
 */
export async function seedDemoCatalog(deps: {
  catalog: CatalogService;
  isEmpty: () => Promise<boolean>;
  logger: Logger;
}): Promise<number> {
  if (!(await deps.isEmpty())) return 0;
  for (const category of DEMO_CATEGORIES) await deps.catalog.createCategory(category);
  // One at a time: createdAt follows the list order, so the default sort (-createdAt) is stable.
  for (const product of DEMO_PRODUCTS) await deps.catalog.putProduct(demoProductId(product.sku), product);
  deps.logger.info('seeded the demo catalog', {
    categories: DEMO_CATEGORIES.length,
    products: DEMO_PRODUCTS.length,
  });
  return DEMO_PRODUCTS.length;
}

/** Units each demo product gets, so a new user can place an order right after `npm start`. */
export const DEMO_STOCK = 100;

/**
 * Gives every demo product DEMO_STOCK units when it has no stock row yet: a restart never refills what
 * orders used up or an admin set. A demo product the user deleted is skipped. Returns how many were stocked.
 */
export async function seedDemoStock(deps: {
  inventory: Pick<InventoryStore, 'get'>;
  ordering: Pick<InventoryUseCases, 'setInventory'>;
  logger: Logger;
}): Promise<number> {
  let stocked = 0;
  for (const product of DEMO_PRODUCTS) {
    const id = demoProductId(product.sku);
    if ((await deps.inventory.get(id)) !== undefined) continue;
    try {
      await deps.ordering.setInventory(id, DEMO_STOCK);
      stocked += 1;
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
    }
  }
  if (stocked > 0) deps.logger.info('stocked the demo catalog', { products: stocked, units: DEMO_STOCK });
  return stocked;
}
