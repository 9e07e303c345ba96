/**
 * The image key layout of src/domain/media/image.ts (infra may import only env names from src/):
 * originals at `products/<id>/images/<imageId>/original`, variants under `.../<imageId>/<etag>/<w>.<ext>`.
 * The notification filter matches originals only, so the variants the function writes never trigger it; the
 * CDN serves variants only.
 */
export const IMAGE_KEYS = {
  prefix: 'products/',
  originalSuffix: '/original',
  /** Every object of every product image (read, delete, list). */
  all: 'products/*',
  /** Originals only: what a presigned upload may create. */
  originals: 'products/*/images/*/original',
  /** Variants only (two more levels below the image): the function can never overwrite an original. */
  variants: 'products/*/images/*/*/*',
} as const;
