import type { Product } from '../../domain/catalog/product.js';
import type { ProductImage } from '../../domain/media/image.js';
import { NotFoundError } from '../../domain/shared/errors.js';
import { conditionalWrite, LOST_RACE, writeOptimistically } from '../catalog/optimistic-write.js';
import type { CatalogRepository } from '../ports/catalog-repository.js';
import type { Clock } from '../ports/clock.js';

/** What a change to a product's images decides: the new list (or no write at all) and what to return. */
export interface ImagesChange<T> {
  images?: ProductImage[];
  result: T;
}

/**
 * Rewrites the product's `images` as a new product version, conditional on the version read (the same
 * optimistic write as any product update): an image that becomes ready changes the product's ETag, and a
 * concurrent PATCH can never erase an image record or be erased by one.
 */
export function changeProductImages<T>(
  deps: { repository: CatalogRepository; clock: Clock },
  productId: string,
  change: (images: ProductImage[], product: Product) => ImagesChange<T>,
): Promise<T> {
  return writeOptimistically(async () => {
    const product = await deps.repository.getProduct(productId);
    if (product === undefined) throw new NotFoundError(`No product with id "${productId}".`);
    const { images, result } = change(product.images ?? [], product);
    if (images === undefined) return result;
    const next: Product = {
      ...product,
      images,
      updatedAt: deps.clock.now().toISOString(),
      version: product.version + 1,
    };
    const outcome = await conditionalWrite(() => deps.repository.replaceProduct(next, product.version));
    return outcome === LOST_RACE ? LOST_RACE : result;
  });
}
