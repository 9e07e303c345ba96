import type { CatalogService } from '../app/catalog/catalog-service.js';
import type { Logger } from '../app/ports/logger.js';
import { DEMO_CATEGORIES, DEMO_PRODUCTS } from './demo-catalog.js';

/** The demo products' ids are their SKUs in lower case, so the README's curl examples work as written. */
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
