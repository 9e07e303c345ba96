// Checks what a contender wrote, so nobody wins by skipping work: every expected variant exists, in the
// right format (sniffed from the bytes), at the right size, upright (the red marker top-left, the blue one
// top-right), without metadata, with alpha where the input had it. Also sums the bytes per format and
// averages each format's PSNR and, when asked, SSIM against one reference resize, so smaller files can be
// told from worse ones.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { EXTENSIONS, expectedVariants } from './image-contenders.mjs';
import { MARKER_SAMPLE } from './image-inputs.mjs';
import { lumaOf, ssim } from './image-ssim.mjs';

/**
 * The pixels every contender's variants are compared with: each input upright, resized once by sharp
 * (Lanczos 3, from the full-size original), without alpha. Keyed `<input name>/<width>`.
 */
export async function referencePixels(inputs) {
  const references = new Map();
  for (const input of inputs) {
    for (const { width } of expectedVariants(input).filter((variant) => variant.format === 'avif')) {
      const { data, info } = await sharp(input.file)
        .autoOrient()
        .resize({ width, fastShrinkOnLoad: false })
        .removeAlpha()
        .raw()
        .toBuffer({ resolveWithObject: true });
      references.set(`${input.name}/${width}`, {
        data,
        width: info.width,
        height: info.height,
        luma: lumaOf(data, info.width, info.height, 3),
      });
    }
  }
  return references;
}

/**
 * Resolves to { problems: [{ file, format, check, message }], bytes: { jpeg, png, webp, avif },
 * psnr: { jpeg, png, webp, avif } (mean dB over the variants), ssim (the same, mean SSIM on luma; only
 * with `{ withSsim: true }`, a few seconds of CPU per pass), files }.
 */
export async function verifyOutputs(out, inputs, references, { withSsim = false } = {}) {
  const problems = [];
  const bytes = { jpeg: 0, png: 0, webp: 0, avif: 0 };
  const psnrs = { jpeg: [], png: [], webp: [], avif: [] };
  const ssims = { jpeg: [], png: [], webp: [], avif: [] };
  let files = 0;
  for (const input of inputs) {
    const expected = expectedVariants(input);
    const found = await readdir(join(out, input.name)).catch(() => []);
    if (found.length !== expected.length) {
      problems.push({
        file: input.name,
        check: 'count',
        message: `${found.length} files, ${expected.length} expected`,
      });
    }
    for (const variant of expected) {
      const file = join(out, input.name, `${variant.width}.${EXTENSIONS[variant.format]}`);
      const problem = (check, message) => problems.push({ file, format: variant.format, check, message });
      let size;
      try {
        size = (await stat(file)).size;
      } catch {
        problem('exists', 'missing');
        continue;
      }
      files++;
      bytes[variant.format] += size;
      const pixels = await checkVariant(file, input, variant, problem);
      const reference = references.get(`${input.name}/${variant.width}`);
      psnrs[variant.format].push(psnrOf(reference, pixels));
      if (withSsim) {
        const { data, info } = pixels;
        ssims[variant.format].push(
          ssim(reference.luma, lumaOf(data, info.width, info.height, info.channels)),
        );
      }
    }
  }
  const mean = (values) =>
    values.length ? values.reduce((sum, value) => sum + value, 0) / values.length : 0;
  const means = (perFormat) =>
    Object.fromEntries(Object.entries(perFormat).map(([format, values]) => [format, mean(values)]));
  return { problems, bytes, psnr: means(psnrs), ssim: withSsim ? means(ssims) : undefined, files };
}

/** PSNR in dB of `pixels` (raw, any channels) against the reference's RGB, over the rows both have. */
function psnrOf(reference, { data, info }) {
  const rows = Math.min(reference.height, info.height);
  const width = Math.min(reference.width, info.width);
  let squaredError = 0;
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 3; c++) {
        const difference =
          data[(y * info.width + x) * info.channels + c] - reference.data[(y * reference.width + x) * 3 + c];
        squaredError += difference * difference;
      }
    }
  }
  return 10 * Math.log10((255 * 255) / Math.max(squaredError / (rows * width * 3), 1e-9));
}

async function checkVariant(file, input, variant, problem) {
  const metadata = await sharp(file).metadata();
  const format = metadata.format === 'heif' && metadata.compression === 'av1' ? 'avif' : metadata.format;
  if (format !== variant.format) problem('format', `is ${format}`);
  const height = Math.round((variant.width * input.height) / input.width);
  if (metadata.width !== variant.width || Math.abs(metadata.height - height) > 1) {
    problem('size', `${metadata.width}x${metadata.height}, expected ${variant.width}x${height}`);
  }
  for (const kind of ['exif', 'xmp', 'iptc'])
    if (metadata[kind] !== undefined) problem('metadata', `keeps ${kind}`);
  if ((metadata.orientation ?? 1) !== 1) problem('metadata', `orientation ${metadata.orientation}`);

  const { data, info } = await sharp(file).raw().toBuffer({ resolveWithObject: true });
  const pixel = (x, y) => {
    const at = (Math.round(y) * info.width + Math.round(x)) * info.channels;
    return [...data.subarray(at, at + info.channels)];
  };
  const inset = info.width * MARKER_SAMPLE;
  const [r1, g1, b1] = pixel(inset, inset);
  const [r2, g2, b2] = pixel(info.width - inset, inset);
  if (!(r1 > 150 && g1 < 100 && b1 < 100 && b2 > 150 && r2 < 100 && g2 < 100)) {
    problem('upright', `top corners are rgb(${r1},${g1},${b1}) and rgb(${r2},${g2},${b2}), not red and blue`);
  }
  if (input.format === 'png') {
    const alpha = info.channels === 4 ? pixel(info.width / 2, info.height - 2)[3] : 255;
    if (alpha > 128)
      problem('alpha', info.channels === 4 ? `bottom alpha ${alpha}, expected < 128` : 'no alpha channel');
  }
  return { data, info };
}
