// Checks what a contender wrote, so nobody wins by skipping work: every expected variant exists, in the
// right format (sniffed from the bytes), at the right size, upright (the red marker top-left, the blue one
// top-right), without metadata, with alpha where the input had it. Also sums the bytes per format.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { EXTENSIONS, expectedVariants } from './image-contenders.mjs';
import { MARKER_SAMPLE } from './image-inputs.mjs';

/** Resolves to { problems: [{ file, check, message }], bytes: { jpeg, png, webp, avif }, files }. */
export async function verifyOutputs(out, inputs) {
  const problems = [];
  const bytes = { jpeg: 0, png: 0, webp: 0, avif: 0 };
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
      await checkVariant(file, input, variant, problem);
    }
  }
  return { problems, bytes, files };
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
}
