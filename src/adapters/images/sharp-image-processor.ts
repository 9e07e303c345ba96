import sharp, { type Metadata, type OutputInfo, type Sharp } from 'sharp';
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
    // Adaptive row filters: 27 % fewer bytes on photo-like PNGs than none (ImageMagick's PNGs were that much
    // smaller than ours) for ~5 ms more per variant; zlib 9 would save 7 % more for five times the CPU.
    png: { compressionLevel: 6, adaptiveFiltering: true },
    webp: { quality: 80, effort: 4 },
    // 4:2:0 chroma, as our JPEGs (and vipsthumbnail's and ImageMagick's AVIFs) have; sharp's default is 4:4:4.
    avif: { quality: 50, effort: avifEffort, chromaSubsampling: '4:2:0' },
  } as const;
}

/**
 * Effort 3, measured at equal bytes (bench/images.mjs, docs/benchmarks.md "Images"): with sharp 0.35's
 * libaom, effort 1 kept the least of the picture per byte, less than vipsthumbnail's and far less than
 * ImageMagick's AVIFs of the same size (its text and edges smeared); effort 2 was worse still. Effort 3 at
 * the same Q50 writes 13 % fewer bytes with a higher SSIM and PSNR than effort 1 did, for about three times
 * the AVIF encoding CPU (~190 ms per AVIF variant of the bench photos, against ~60); effort 4 gains little
 * more for five times that.
 */
const DEFAULT_AVIF_EFFORT = 3;

export interface SharpImageProcessorOptions {
  /** AVIF encoder effort 0-9 (sharp's default is 4: seconds per large photo). */
  avifEffort?: number;
}

/**
 * sharp (libvips) turns one upload into web variants. The original is decoded once, upright (EXIF
 * orientation applied), straight to the largest variant's width; the smaller widths are resized from those
 * pixels, and each width's encodings run in parallel. Nothing of the input's metadata is written: sharp
 * strips EXIF (GPS included), XMP and IPTC unless asked to keep them, and raw pixels carry none anyway.
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
      const { format, width, height } = await sniff(bytes);
      const widths = variantWidths(width);
      const largest = Math.max(...widths);
      // One decode, straight to the largest variant: a JPEG at least twice that wide is decoded at reduced
      // scale (shrink-on-load), which is most of a 12 MP photo's decoding work saved.
      const top = await decodeUpright(bytes, largest < width ? largest : undefined);
      // A WebP original's own format is WebP: one WebP per width, not the same file encoded and recorded twice.
      const formats: ImageFormat[] = [...new Set<ImageFormat>([format, 'webp', 'avif'])];

      const perWidth = widths.map(async (targetWidth): Promise<EncodedVariant[]> => {
        const resized =
          targetWidth === largest
            ? top
            : await sharp(top.data, { raw: rawShape(top.info) })
                .resize({ width: targetWidth, withoutEnlargement: true })
                .raw()
                .toBuffer({ resolveWithObject: true });
        return Promise.all(
          formats.map(async (variantFormat) => {
            const output = await encode(
              sharp(resized.data, { raw: rawShape(resized.info) }),
              variantFormat,
            ).toBuffer({
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

/**
 * Width, height and channels only. sharp's output info after a resize says `premultiplied: true` while the
 * pixels it returns are not; handed back as input, that flag divides the colours by alpha a second time,
 * washing semi-transparent areas out to white.
 */
const rawShape = ({ width, height, channels }: OutputInfo) => ({ width, height, channels });

/** The real format, from the header alone; refuses non-images and pixel counts past the bomb limit. */
async function sniff(bytes: Uint8Array): Promise<{ format: ImageFormat; width: number; height: number }> {
  let metadata: Metadata;
  try {
    metadata = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (error) {
    throw new UnsupportedImageError('The file is not an image: JPEG, PNG or WebP expected.', {
      cause: error,
    });
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
  // Upright dimensions: EXIF orientations 5-8 swap width and height.
  return { format: metadata.format as ImageFormat, ...metadata.autoOrient };
}

/** The upright pixels, resized to `width` when given (never enlarged). */
async function decodeUpright(bytes: Uint8Array, width?: number) {
  try {
    // limitInputPixels again: the header check above is advice, the decoder's limit is the guarantee.
    const upright = sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' }).autoOrient();
    // fastShrinkOnLoad off: for a WebP, libwebp's scaled decoding blurs the variants (SSIM 0.990 against a
    // full-size resize, measured on a 2400-wide photo) to save ~20 ms; a JPEG's DCT-domain shrink is taken
    // either way and loses nothing measurable.
    const resized = upright.resize({ width, withoutEnlargement: true, fastShrinkOnLoad: false });
    return await (width === undefined ? upright : resized).raw().toBuffer({ resolveWithObject: true });
  } catch (error) {
    if (/pixel limit/i.test((error as Error).message)) {
      throw new ImageTooLargeError('The image has more pixels than allowed.', { cause: error });
    }
    throw new UnsupportedImageError('The image is damaged or truncated.', { cause: error });
  }
}
