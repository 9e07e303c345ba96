import * as z from '../shared/zod.js';

/** What a client may announce for an upload: the formats browsers and cameras produce and sharp decodes. */
export const IMAGE_CONTENT_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type ImageContentType = (typeof IMAGE_CONTENT_TYPES)[number];

export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
/** Larger inputs are decompression bombs as far as we are concerned: a few KB can claim gigabytes of pixels. */
export const MAX_INPUT_PIXELS = 50_000_000;
/** Widths of the web variants; an original narrower than one of them is never upscaled. */
export const VARIANT_WIDTHS = [320, 768, 1600] as const;

export const IMAGE_FORMATS = ['jpeg', 'png', 'webp', 'avif'] as const;
export type ImageFormat = (typeof IMAGE_FORMATS)[number];

export const IMAGE_STATUSES = ['processing', 'ready', 'failed'] as const;
export type ImageStatus = (typeof IMAGE_STATUSES)[number];

export interface ImageVariant {
  format: ImageFormat;
  width: number;
  height: number;
  url: string;
  bytes: number;
}

/** One image of a product, as the product shows it. Width and height are known once it has been decoded. */
export interface ProductImage {
  id: string;
  status: ImageStatus;
  width?: number;
  height?: number;
  variants: ImageVariant[];
  /** Only when `failed`: why, in words for the admin who uploaded it (imageFailureReason). */
  error?: string;
}

/** A failure reason is shown on the product: short, and never longer than this. */
export const MAX_IMAGE_ERROR_LENGTH = 200;

export const imageUploadInputSchema = z.strictObject({
  contentType: z.enum(IMAGE_CONTENT_TYPES),
  contentLength: z
    .number()
    .check(
      z.int(),
      z.minimum(1),
      z.maximum(MAX_UPLOAD_BYTES, `must be at most ${MAX_UPLOAD_BYTES} bytes (20 MB)`),
    ),
});
export type ImageUploadInput = z.infer<typeof imageUploadInputSchema>;

/**
 * The widths to encode for an original `width` pixels wide: the standard widths it can fill, plus its own
 * width when it is narrower than the largest one, so the sharpest variant is never thrown away or upscaled.
 */
export function variantWidths(width: number): number[] {
  const widths: number[] = VARIANT_WIDTHS.filter((w) => w <= width);
  const largest = VARIANT_WIDTHS[VARIANT_WIDTHS.length - 1] as number;
  if (width < largest && !widths.includes(width)) widths.push(width);
  return widths;
}

/** Object keys: everything of one image under one prefix, so deleting an image is one listing away. */
export const productImagesPrefix = (productId: string): string => `products/${productId}/images/`;
export const imagePrefix = (productId: string, imageId: string): string =>
  `${productImagesPrefix(productId)}${imageId}/`;
export const originalKey = (productId: string, imageId: string): string =>
  `${imagePrefix(productId, imageId)}original`;
/**
 * Variants sit under the original's entity tag: a re-upload gets new URLs (caches never serve the old
 * picture under a new record) and a late writer for an old upload cannot overwrite the new one's files.
 */
export const variantKey = (
  productId: string,
  imageId: string,
  sourceEtag: string,
  width: number,
  format: ImageFormat,
): string => `${imagePrefix(productId, imageId)}${sourceEtag}/${width}.${format === 'jpeg' ? 'jpg' : format}`;

const ORIGINAL_KEY = /^products\/([A-Za-z0-9_-]{1,64})\/images\/([A-Za-z0-9_-]{1,64})\/original$/;

/** The product and image an uploaded original belongs to; undefined for any other key (variants included). */
export function parseOriginalKey(key: string): { productId: string; imageId: string } | undefined {
  const match = ORIGINAL_KEY.exec(key);
  if (match === null) return undefined;
  return { productId: match[1] as string, imageId: match[2] as string };
}

/** The URL of an object under a public base URL (a CDN, or the bucket's own URL), each key segment encoded. */
export const publicObjectUrl = (baseUrl: string, key: string): string =>
  `${baseUrl}/${key.split('/').map(encodeURIComponent).join('/')}`;

export const CONTENT_TYPE_BY_FORMAT: Record<ImageFormat, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  avif: 'image/avif',
};
