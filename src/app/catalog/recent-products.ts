import type { Product } from '../../domain/catalog/product.js';
import { BoundedMap } from '../../domain/shared/bounded-map.js';
import type { CatalogRepository } from '../ports/catalog-repository.js';

/**
 * A catalog whose batch product reads (what carts, quotes and orders price with) may be answered from the
 * products read in the last `maxAgeMs`: a popular product is read once per interval instead of once per
 * checkout. A price or status change shows at checkout within that interval on every instance, at once on
 * the instance that made it (its writes forget the product). Stock is not here: it is judged in the
 * order's transaction, so this never oversells. Single reads (GET /products/{id}) and lists stay fresh.
 * Bounded: the oldest entry goes first when it is full.
 *
 * @example
 *   const catalog = withRecentProducts(repository, { maxAgeMs: 5000 });
 *   const products = await catalog.getProducts(['p1', 'p2']); // read once, then remembered for 5 s
 */
export function withRecentProducts(
  repository: CatalogRepository,
  options: { maxAgeMs: number; maxEntries?: number; now?: () => number },
): CatalogRepository {
  const { maxAgeMs, maxEntries = 10_000, now = () => performance.now() } = options;
  if (maxAgeMs <= 0) return repository;
  const entries = new BoundedMap<string, { product: Product; readAt: number }>(maxEntries);
  return {
    ...repository,
    async getProducts(ids) {
      const at = now();
      const known: Product[] = [];
      const missing: string[] = [];
      for (const id of ids) {
        const entry = entries.get(id);
        if (entry !== undefined && at - entry.readAt < maxAgeMs) known.push(entry.product);
        else missing.push(id);
      }
      if (missing.length === 0) return known;
      const read = await repository.getProducts(missing);
      for (const product of read) entries.set(product.id, { product, readAt: at });
      return [...known, ...read];
    },
    async replaceProduct(next, expectedVersion) {
      entries.delete(next.id);
      try {
        await repository.replaceProduct(next, expectedVersion);
      } finally {
        // Also after: a checkout may have read the old version while the write was under way.
        entries.delete(next.id);
      }
    },
    async deleteProduct(id, expectedVersion) {
      entries.delete(id);
      try {
        return await repository.deleteProduct(id, expectedVersion);
      } finally {
        entries.delete(id);
      }
    },
  };
}
