import type { components } from '@slimshop/client';

export type ProductImage = components['schemas']['ProductImage'];
export type ImageVariant = components['schemas']['ImageVariant'];

export const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type ImageType = (typeof IMAGE_TYPES)[number];
/** The API's limit on an upload (docs/images.md). */
export const MAX_IMAGE_BYTES = 20 * 1024 * 1024;

/** "url320 320w, url768 768w" for one format, narrowest first. */
export function srcsetOf(variants: readonly ImageVariant[], format: ImageVariant['format']): string {
  return variants
    .filter((v) => v.format === format)
    .sort((a, b) => a.width - b.width)
    .map((v) => `${v.url} ${v.width}w`)
    .join(', ');
}

/**
 * The sources a <picture> offers, best compression first (AVIF, WebP), and the fallback <img> format: the
 * original's (jpeg or png), or WebP for a WebP original.
 */
export function pictureSources(variants: readonly ImageVariant[]): {
  sources: { type: string; srcset: string }[];
  fallback: { srcset: string; src: string | undefined };
} {
  const formats = new Set(variants.map((v) => v.format));
  const original = formats.has('jpeg') ? 'jpeg' : formats.has('png') ? 'png' : 'webp';
  const sources = (['avif', 'webp'] as const)
    .filter((f) => f !== original && formats.has(f))
    .map((f) => ({ type: `image/${f}`, srcset: srcsetOf(variants, f) }));
  const fallbacks = variants.filter((v) => v.format === original).sort((a, b) => a.width - b.width);
  return { sources, fallback: { srcset: srcsetOf(variants, original), src: fallbacks[0]?.url } };
}

/** A file the API would refuse, said before anything is sent; undefined when it may go. */
export function fileProblem(file: { type: string; size: number }): string | undefined {
  if (!(IMAGE_TYPES as readonly string[]).includes(file.type))
    return `choose a JPEG, PNG or WebP image (this file is ${file.type || 'of an unknown type'})`;
  if (file.size === 0) return 'this file is empty';
  if (file.size > MAX_IMAGE_BYTES) return 'at most 20 MB';
  return undefined;
}

/** Still being processed: the page keeps polling while any image is. */
export const isSettled = (images: readonly ProductImage[]): boolean =>
  images.every((image) => image.status !== 'processing');
