import {
  CONTENT_TYPE_BY_FORMAT,
  type ImageVariant,
  originalKey,
  type ProductImage,
  parseOriginalKey,
  variantKey,
} from '../../domain/media/image.js';
import {
  ImageTooLargeError,
  imageFailureReason,
  UnsupportedImageError,
} from '../../domain/media/image-errors.js';
import { NotFoundError } from '../../domain/shared/errors.js';
import type { CatalogRepository } from '../ports/catalog-repository.js';
import type { Clock } from '../ports/clock.js';
import type { IdempotencyStore } from '../ports/idempotency-store.js';
import type { ImageProcessor, ProcessedImage } from '../ports/image-processor.js';
import type { Logger } from '../ports/logger.js';
import type { ObjectStore } from '../ports/object-store.js';
import { changeProductImages } from './product-images.js';

/** An object as the S3 event names it: the key (URL-decoded) and the entity tag of that upload. */
export interface UploadedObject {
  key: string;
  etag: string;
}

/**
 * - ready / failed: this call recorded the image
 * - duplicate: another delivery of the same upload was (or is being) handled
 * - stale: a newer upload replaced these bytes; its own event records it
 * - ignored: not an original, or its image / product no longer exists
 */
export type ProcessOutcome = 'ready' | 'failed' | 'duplicate' | 'stale' | 'ignored';

export interface ProcessUploadDeps {
  repository: CatalogRepository;
  objects: ObjectStore;
  processor: ImageProcessor;
  idempotency: IdempotencyStore;
  clock: Clock;
  logger: Logger;
}

// S3 delivers events at least once, retried for up to 6 hours by Lambda's async invocation.
const CLAIM_TTL_SECONDS = 7 * 24 * 3600;
// Longer than the image Lambda's timeout: a crashed attempt's claim expires and a retry can take over.
const CLAIM_LOCK_SECONDS = 15 * 60;

/**
 * Handles one uploaded original exactly once per upload: S3 may deliver an event twice, late or out of
 * order. A claim keyed by key + entity tag lets one delivery do the work (a concurrent twin sees it in
 * progress, a later one sees it done). A delivery whose entity tag is no longer the object's (a re-upload
 * came after) does nothing: the newer event handles the newer bytes. Failures a retry can fix release the
 * claim and are rethrown, so Lambda retries the event.
 */
export async function processUploadedImage(
  deps: ProcessUploadDeps,
  object: UploadedObject,
): Promise<ProcessOutcome> {
  const target = parseOriginalKey(object.key);
  if (target === undefined) return 'ignored';
  const claimKey = `image-upload:${object.key}:${object.etag}`;
  const claim = await deps.idempotency.claim(claimKey, 'image-upload', {
    ttlSeconds: CLAIM_TTL_SECONDS,
    lockSeconds: CLAIM_LOCK_SECONDS,
  });
  if (claim.state !== 'claimed') return 'duplicate';
  try {
    const outcome = await processClaimed(deps, target, object);
    await deps.idempotency.complete(claimKey, { status: 200, headers: {}, body: outcome });
    deps.logger.info('image processed', { key: object.key, etag: object.etag, outcome });
    return outcome;
  } catch (error) {
    await deps.idempotency.release(claimKey).catch(() => undefined);
    throw error;
  }
}

/**
 * Rebuilds the variants of an image whose original is stored (the reoptimize-images job): the same steps as
 * an upload's first delivery, without the claim, because a rebuild is meant to run again. Variant keys carry
 * the original's entity tag, so a rebuild overwrites the same objects and the record keeps its URLs.
 */
export async function reprocessStoredImage(
  deps: ProcessUploadDeps,
  productId: string,
  imageId: string,
): Promise<ProcessOutcome> {
  const key = originalKey(productId, imageId);
  const etag = await deps.objects.etagOf(key);
  if (etag === undefined) return 'ignored';
  return processClaimed(deps, { productId, imageId }, { key, etag });
}

async function processClaimed(
  deps: ProcessUploadDeps,
  { productId, imageId }: { productId: string; imageId: string },
  object: UploadedObject,
): Promise<ProcessOutcome> {
  const product = await deps.repository.getProduct(productId);
  if (!product?.images?.some((image) => image.id === imageId)) {
    // The image (or its product) was deleted, or never requested: keep no bytes nobody can see or delete.
    await deps.objects.delete([object.key]);
    return 'ignored';
  }
  const stored = await deps.objects.get(object.key);
  if (stored === undefined || stored.etag !== object.etag) return 'stale';

  let processed: ProcessedImage;
  try {
    processed = await deps.processor.process(stored.bytes);
  } catch (error) {
    if (!(error instanceof UnsupportedImageError || error instanceof ImageTooLargeError)) throw error;
    deps.logger.warn('upload is not a usable image', { key: object.key, reason: error.message });
    // The reason goes on the image too: the admin who uploaded it reads the product, not our logs.
    const failed: ProductImage = {
      id: imageId,
      status: 'failed',
      variants: [],
      error: imageFailureReason(error),
    };
    const recorded = await record(deps, productId, object, failed);
    // A file that is no image is not kept; a later valid upload to the same URL still gets processed.
    if (recorded === 'failed') await deps.objects.delete([object.key]);
    return recorded;
  }

  const keys = processed.variants.map((v) => variantKey(productId, imageId, object.etag, v.width, v.format));
  const variants: ImageVariant[] = await Promise.all(
    processed.variants.map(async (variant, index) => {
      const key = keys[index] as string;
      await deps.objects.put(key, variant.bytes, CONTENT_TYPE_BY_FORMAT[variant.format]);
      const { format, width, height } = variant;
      return { format, width, height, url: deps.objects.publicUrl(key), bytes: variant.bytes.byteLength };
    }),
  );
  variants.sort((a, b) => a.format.localeCompare(b.format) || a.width - b.width);
  const image: ProductImage = {
    id: imageId,
    status: 'ready',
    width: processed.width,
    height: processed.height,
    variants,
  };
  const recorded = await record(deps, productId, object, image);
  // Not recorded (image deleted, or newer bytes): nobody will ever point at these files.
  if (recorded !== 'ready') await deps.objects.delete(keys);
  return recorded;
}

/** Writes the outcome unless the image is gone or its bytes were replaced meanwhile. */
async function record(
  deps: ProcessUploadDeps,
  productId: string,
  object: UploadedObject,
  image: ProductImage,
): Promise<'ready' | 'failed' | 'stale' | 'ignored'> {
  // Out of order: a newer upload's event will record the newer bytes; ours must not land after it.
  if ((await deps.objects.etagOf(object.key)) !== object.etag) return 'stale';
  let previous: ProductImage | undefined;
  let outcome: 'ready' | 'failed' | 'ignored';
  try {
    outcome = await changeProductImages(deps, productId, (images) => {
      previous = images.find((candidate) => candidate.id === image.id);
      if (previous === undefined) return { result: 'ignored' as const };
      return {
        images: images.map((candidate) => (candidate.id === image.id ? image : candidate)),
        result: image.status === 'ready' ? ('ready' as const) : ('failed' as const),
      };
    });
  } catch (error) {
    if (error instanceof NotFoundError) return 'ignored';
    throw error;
  }
  if (outcome !== 'ignored' && previous !== undefined) {
    // A re-upload replaced an image that was ready: its old variants are now referenced by nothing.
    const superseded = previous.variants.filter((old) => !image.variants.some((v) => v.url === old.url));
    await deps.objects.delete(superseded.map((old) => keyOfVariant(productId, image.id, old)));
  }
  return outcome;
}

/** A recorded variant's key: its URL ends in `<source etag>/<width>.<ext>` (variantKey). */
function keyOfVariant(productId: string, imageId: string, variant: ImageVariant): string {
  const sourceEtag = decodeURIComponent(new URL(variant.url).pathname.split('/').at(-2) ?? '');
  return variantKey(productId, imageId, sourceEtag, variant.width, variant.format);
}
