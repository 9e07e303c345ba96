import sharp, { type Metadata, type Sharp } from 'sharp';
import type { EncodedVariant, ImageProcessor, ProcessedImage } from '../../app/ports/image-processor.js';
import {
  type ImageFormat,
  MAX_INPUT_PIXELS,
  MAX_UPLOAD_BYTES,
  variantWidths,
} from '../../domain/media/image.js';
import { ImageTooLargeError, UnsupportedImageError } from '../../domain/media/image-errors.js';

/** Formats we accept as originals: what sharp sniffs from the bytes, never the name or declared type. */
const ACCEPTED: ReadonlySet<string> = new Set(['jpeg', 'png', 'webp']);

/**
 * Every variant format's encoder settings, in sharp's terms. Exported so the image bench (bench/images.mjs)
 * hands vipsthumbnail and ImageMagick the same ones.
 */
export function variantEncoderOptions(avifEffort = DEFAULT_AVIF_EFFORT) {
  return {
    jpeg: { quality: 80, mozjpeg: true },
    png: { compressionLevel: 6, adaptiveFiltering: false },
    webp: { quality: 80, effort: 4 },
    avif: { quality: 50, effort: avifEffort },
  } as const;
}

const DEFAULT_AVIF_EFFORT = 2;

export interface SharpImageProcessorOptions {
  /**
   * AVIF encoder effort 0-9. sharp's default 4 took 3.2 s for three sizes of a 2400x1600 photo here, effort
   * 2 took 0.57 s (DESIGN.md §3): 2 keeps a large upload well inside a Lambda's budget at a few % more bytes.
   */
  avifEffort?: number;
}

/**
 * sharp (libvips) turns one upload into web variants. The original is decoded once, upright (EXIF
 * orientation applied), into raw pixels; each width is resized once from them and its encodings run in
 * parallel (libvips uses its own threads). Nothing of the input's metadata is written: sharp strips EXIF
 * (GPS included), XMP and IPTC unless asked to keep them, and raw pixels carry none anyway.
 */
export function createSharpImageProcessor(options: SharpImageProcessorOptions = {}): ImageProcessor {
  const settings = variantEncoderOptions(options.avifEffort);

  const encode = (pipeline: Sharp, format: ImageFormat): Sharp => {
    switch (format) {
      case 'jpeg':
        return pipeline.jpeg(settings.jpeg);
      case 'png':
        return pipeline.png(settings.png);
      case 'webp':
        return pipeline.webp(settings.webp);
      case 'avif':
        return pipeline.avif(settings.avif);
    }
  };

  return {
    async process(bytes) {
      if (bytes.byteLength > MAX_UPLOAD_BYTES) {
        throw new ImageTooLargeError(`The file has ${bytes.byteLength} bytes; at most ${MAX_UPLOAD_BYTES}.`);
      }
      const format = await sniff(bytes);
      const decoded = await decodeUpright(bytes);
      const { width, height, channels } = decoded.info;
      const raw = { width, height, channels };
      const formats: ImageFormat[] = [format, 'webp', 'avif'];

      const perWidth = variantWidths(width).map(async (targetWidth): Promise<EncodedVariant[]> => {
        const resized =
          targetWidth === width
            ? decoded
            : await sharp(decoded.data, { raw })
                .resize({ width: targetWidth, withoutEnlargement: true })
                .raw()
                .toBuffer({ resolveWithObject: true });
        const source = { raw: resized.info };
        return Promise.all(
          formats.map(async (variantFormat) => {
            const output = await encode(sharp(resized.data, { raw: source.raw }), variantFormat).toBuffer({
              resolveWithObject: true,
            });
            return {
              format: variantFormat,
              width: output.info.width,
              height: output.info.height,
              bytes: new Uint8Array(output.data.buffer, output.data.byteOffset, output.data.byteLength),
            };
          }),
        );
      });
      const result: ProcessedImage = {
        width,
        height,
        format,
        variants: (await Promise.all(perWidth)).flat(),
      };
      return result;
    },
  };
}

/** The real format, from the header alone; refuses non-images and pixel counts past the bomb limit. */
async function sniff(bytes: Uint8Array): Promise<ImageFormat> {
  let metadata: Metadata;
  try {
    metadata = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (error) {
    throw new UnsupportedImageError('The file is not an image sharp can read.', { cause: error });
  }
  if (metadata.format === undefined || !ACCEPTED.has(metadata.format)) {
    throw new UnsupportedImageError(
      `The file is ${metadata.format ?? 'of no known format'}, not JPEG, PNG or WebP.`,
    );
  }
  const pixels = (metadata.width ?? 0) * (metadata.height ?? 0);
  if (pixels > MAX_INPUT_PIXELS) {
    throw new ImageTooLargeError(
      `The image claims ${metadata.width}x${metadata.height} pixels; at most ${MAX_INPUT_PIXELS / 1e6} megapixels.`,
    );
  }
  return metadata.format as ImageFormat;
}

async function decodeUpright(bytes: Uint8Array) {
  try {
    // limitInputPixels again: the header check above is advice, the decoder's limit is the guarantee.
    return await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' })
      .autoOrient()
      .raw()
      .toBuffer({ resolveWithObject: true });
  } catch (error) {
    if (/pixel limit/i.test((error as Error).message)) {
      throw new ImageTooLargeError('The image has more pixels than allowed.', { cause: error });
    }
    throw new UnsupportedImageError('The image is damaged or truncated.', { cause: error });
  }
}
