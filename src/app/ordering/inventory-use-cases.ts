import type { InventoryAdjustmentInput, InventoryLevel } from '../../domain/ordering/inventory.js';
import { NotFoundError } from '../../domain/shared/errors.js';
import { isAdmin } from '../catalog/product-use-cases.js';
import type { CatalogRepository } from '../ports/catalog-repository.js';
import type { InventoryStore } from '../ports/order-store.js';
import type { Principal } from '../ports/token-verifier.js';

export interface InventoryUseCases {
  /** Public like the product itself: anyone may see an active product's stock, admins any product's. */
  getInventory(principal: Principal | undefined, productId: string): Promise<InventoryLevel>;
  setInventory(productId: string, available: number): Promise<InventoryLevel>;
  /** ConflictError when the stock would drop below zero. */
  adjustInventory(productId: string, adjustment: InventoryAdjustmentInput): Promise<InventoryLevel>;
}

export function createInventoryUseCases({
  catalog,
  inventory,
}: {
  catalog: CatalogRepository;
  inventory: InventoryStore;
}): InventoryUseCases {
  /** Stock exists only for catalog products; drafts are seen by admins only, as on /products. */
  async function requireProduct(productId: string, anyStatus: boolean): Promise<void> {
    const product = await catalog.getProduct(productId);
    if (product === undefined || (product.status !== 'active' && !anyStatus)) {
      throw new NotFoundError(`No product with id "${productId}".`);
    }
  }

  return {
    async getInventory(principal, productId) {
      await requireProduct(productId, isAdmin(principal));
      // A product nobody has stocked yet has nothing to sell.
      return (await inventory.get(productId)) ?? { productId, available: 0 };
    },

    async setInventory(productId, available) {
      await requireProduct(productId, true);
      return inventory.set(productId, available);
    },

    async adjustInventory(productId, { delta, reason }) {
      await requireProduct(productId, true);
      return inventory.adjust(productId, delta, reason);
    },
  };
}
