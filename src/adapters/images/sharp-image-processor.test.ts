import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import {
  decompressionBomb,
  exifRotatedJpeg,
  notAnImage,
  pngWithAlpha,
  smallJpeg,
  webpPhoto,
} from '../../../test/fixtures/images/fixtures.js';
import { ImageTooLargeError, UnsupportedImageError } from '../../domain/media/image-errors.js';
import { createSharpImageProcessor } from './sharp-image-processor.js';

const processor = createSharpImageProcessor();

describe('sharp image processor', () => {
  it('writes 320/768/1600 in the original format, WebP and AVIF, keeping the aspect ratio', async () => {
    const result = await processor.process(await webpPhoto());
    expect(result).toMatchObject({ width: 2000, height: 1000, format: 'webp' });
    const shapes = result.variants.map((v) => `${v.format} ${v.width}x${v.height}`).sort();
    // The original format is WebP: each width once in WebP, not twice.
    expect(shapes).toEqual(
      ['avif', 'webp'].flatMap((f) => [`${f} 1600x800`, `${f} 320x160`, `${f} 768x384`]).sort(),
    );
    for (const variant of result.variants) {
      const metadata = await sharp(variant.bytes).metadata();
      expect(metadata.format === 'heif' ? 'avif' : metadata.format).toBe(variant.format);
      expect([metadata.width, metadata.height]).toEqual([variant.width, variant.height]);
    }
  });

  it('turns an EXIF-rotated photo upright and strips its EXIF, GPS included', async () => {
    const input = await exifRotatedJpeg();
    const inputMetadata = await sharp(input).metadata();
    // Prepare: the fixture really carries orientation 6 and a GPS IFD (tag 0x8825, little-endian TIFF).
    expect(inputMetadata.orientation).toBe(6);
    expect(inputMetadata.exif?.subarray(6, 8).toString('latin1')).toBe('II');
    expect(inputMetadata.exif?.includes(Buffer.from([0x25, 0x88]))).toBe(true);

    const result = await processor.process(input);
    expect([result.width, result.height]).toEqual([400, 600]);
    const jpeg320 = result.variants.find((v) => v.format === 'jpeg' && v.width === 320);
    expect(jpeg320?.height).toBe(480);
    // Stored top-left red, rotated 90° clockwise: red is now top-right, blue top-left.
    const { data } = await sharp(jpeg320?.bytes).raw().toBuffer({ resolveWithObject: true });
    const pixel = (x: number, y: number) => [...data.subarray((y * 320 + x) * 3, (y * 320 + x) * 3 + 3)];
    expect(pixel(300, 20)[0]).toBeGreaterThan(200);
    expect(pixel(20, 20)[2]).toBeGreaterThan(200);

    for (const variant of result.variants) {
      const metadata = await sharp(variant.bytes).metadata();
      expect(metadata.exif).toBeUndefined();
      expect(metadata.orientation).toBeUndefined();
      expect(Buffer.from(variant.bytes).includes('SlimshopCam')).toBe(false);
    }
  });

  it('keeps alpha and the colours under it in the PNG, WebP and AVIF variants of a transparent PNG', async () => {
    const result = await processor.process(await pngWithAlpha());
    expect(result.format).toBe('png');
    expect(new Set(result.variants.map((v) => v.format))).toEqual(new Set(['png', 'webp', 'avif']));
    // 1000 wide: 320, 768, and its own 1000 (not upscaled to 1600).
    expect([...new Set(result.variants.map((v) => v.width))].sort((a, b) => a - b)).toEqual([320, 768, 1000]);
    for (const variant of result.variants.filter((v) => v.format !== 'avif')) {
      const { data, info } = await sharp(variant.bytes).raw().toBuffer({ resolveWithObject: true });
      expect(info.channels).toBe(4);
      expect(data[3]).toBeGreaterThan(100);
      expect(data[3]).toBeLessThan(155);
      // The fixture's rgb(10, 200, 30) at half opacity stays that colour at every width, not washed out.
      for (const [channel, value] of [10, 200, 30].entries()) {
        expect(Math.abs((data[channel] as number) - value)).toBeLessThan(12);
      }
    }
  });

  it("keeps a WebP original's thin lines as sharp as a resize of the full picture", async () => {
    // 2-pixel dark bars on grey, like text or a barcode on a label, in a lossless 2400-wide WebP.
    const bars = Array.from(
      { length: 300 },
      (_, i) =>
        `<rect x="${8 * i}" y="${(i * 37) % 100}" width="2" height="${150 + ((i * 53) % 150)}" fill="#111"/>`,
    ).join('');
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="2400" height="400"><rect width="2400" height="400" fill="#ddd"/>${bars}</svg>`;
    const original = await sharp(Buffer.from(svg)).webp({ lossless: true }).toBuffer();
    const fullResize = await sharp(original)
      .resize({ width: 1600, fastShrinkOnLoad: false })
      .raw()
      .toBuffer();

    const result = await processor.process(original);
    const webp1600 = result.variants.find((v) => v.format === 'webp' && v.width === 1600);
    const decoded = await sharp(webp1600?.bytes).raw().toBuffer();
    let squaredError = 0;
    for (const [i, value] of decoded.entries()) squaredError += (value - (fullResize[i] as number)) ** 2;
    const psnr = 10 * Math.log10((255 * 255) / (squaredError / decoded.length));
    // Only the WebP encoding's loss (~45 dB). Decoded at reduced scale by libwebp, the bars came out
    // smeared: ~30 dB.
    expect(psnr).toBeGreaterThan(40);
  });

  it('never upscales an image narrower than the smallest width', async () => {
    const result = await processor.process(await smallJpeg());
    expect(result.variants.map((v) => `${v.format} ${v.width}x${v.height}`).sort()).toEqual([
      'avif 200x100',
      'jpeg 200x100',
      'webp 200x100',
    ]);
  });

  it('refuses a text file named .jpg, and a decompression bomb before decoding it', async () => {
    await expect(processor.process(notAnImage())).rejects.toBeInstanceOf(UnsupportedImageError);
    const bomb = processor.process(await decompressionBomb());
    await expect(bomb).rejects.toBeInstanceOf(ImageTooLargeError);
    // Refused on the size its header claims, before any decoding: the decoder's own pixel limit, the
    // second guard, would say "more pixels than allowed" instead.
    await expect(bomb).rejects.toThrow('The image claims 10000x10000 pixels');
  });

  it('refuses an image whose bytes are cut off', async () => {
    const whole = await webpPhoto();
    await expect(processor.process(whole.subarray(0, whole.length / 2))).rejects.toBeInstanceOf(
      UnsupportedImageError,
    );
  });
});
