import {
  type ImageUploadInput,
  imagePrefix,
  imageUploadInputSchema,
  originalKey,
  productImagesPrefix,
} from '../../domain/media/image.js';
import { ConflictError, NotFoundError } from '../../domain/shared/errors.js';
import { newId } from '../../domain/shared/ids.js';
import { parseOrThrow } from '../catalog/zod-errors.js';
import type { CatalogRepository } from '../ports/catalog-repository.js';
import type { Clock } from '../ports/clock.js';
import type { ObjectStore, PresignedUpload } from '../ports/object-store.js';
import { changeProductImages } from './product-images.js';

/** A product item holds its images: bounded so it stays far below DynamoDB's 400 KB per item. */
export const MAX_IMAGES_PER_PRODUCT = 20;
/** Long enough for a 20 MB upload on a slow line, short enough that a leaked URL soon stops working. */
export const UPLOAD_URL_SECONDS = 15 * 60;

export interface ImageUpload {
  imageId: string;
  upload: PresignedUpload;
}

export interface ImageService {
  /** Records a new image as `processing` and returns the presigned PUT for its bytes. */
  requestUpload(productId: string, input: unknown): Promise<ImageUpload>;
  /** Removes the image from the product and deletes its original and variants. */
  deleteImage(productId: string, imageId: string): Promise<void>;
  /** Deletes every stored file of a product's images: for after the product itself is deleted. */
  deleteProductFiles(productId: string): Promise<void>;
}

export interface ImageServiceDeps {
  repository: CatalogRepository;
  objects: ObjectStore;
  clock: Clock;
}

/** The API's side of images; the decoding side (sharp) is processUploadedImage, run by the image Lambda. */

export function createImageService(deps: ImageServiceDeps): ImageService {
  return {
    async requestUpload(productId, body) {
      const input: ImageUploadInput = parseOrThrow(
        imageUploadInputSchema,
        body,
        'The upload request is not valid.',
      );
      const imageId = newId();
      await changeProductImages(deps, productId, (images) => {
        if (images.length >= MAX_IMAGES_PER_PRODUCT) {
          throw new ConflictError(
            `A product has at most ${MAX_IMAGES_PER_PRODUCT} images: delete one first.`,
          );
        }
        return {
          images: [...images, { id: imageId, status: 'processing', variants: [] }],
          result: undefined,
        };
      });
      // Recorded first, presigned second: the upload's event always finds its image.
      const upload = await deps.objects.presignPut(originalKey(productId, imageId), {
        contentType: input.contentType,
        contentLength: input.contentLength,
        expiresInSeconds: UPLOAD_URL_SECONDS,
      });
      return { imageId, upload };
    },

    async deleteImage(productId, imageId) {
      await changeProductImages(deps, productId, (images) => {
        if (!images.some((image) => image.id === imageId)) {
          throw new NotFoundError(`Product "${productId}" has no image "${imageId}".`);
        }
        return { images: images.filter((image) => image.id !== imageId), result: undefined };
      });
      // After the record is gone: a processor still running finds no image and removes what it wrote.
      await deps.objects.delete(await deps.objects.list(imagePrefix(productId, imageId)));
    },

    async deleteProductFiles(productId) {
      await deps.objects.delete(await deps.objects.list(productImagesPrefix(productId)));
    },
  };
}
