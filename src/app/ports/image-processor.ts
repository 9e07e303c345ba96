import type { ImageFormat } from '../../domain/media/image.js';

export interface EncodedVariant {
  format: ImageFormat;
  width: number;
  height: number;
  bytes: Uint8Array;
}

export interface ProcessedImage {
  /** Upright dimensions (after EXIF orientation). */
  width: number;
  height: number;
  /** The format the original really is, whatever its name or declared content type said. */
  format: ImageFormat;
  variants: EncodedVariant[];
}

/**
 * Turns an uploaded file into web variants. Throws UnsupportedImageError for anything that does not decode
 * as JPEG, PNG or WebP, ImageTooLargeError for decompression bombs (src/domain/media/image-errors.ts).
 */
export interface ImageProcessor {
  process(bytes: Uint8Array): Promise<ProcessedImage>;
}
