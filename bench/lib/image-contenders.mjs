// The image bench's contenders: our processor called in-process, vipsthumbnail and ImageMagick as the
// command-line tools they are, all given the same inputs, the same encoder settings (ours, mapped to each
// tool's options) apart from the quality number, and the same number of jobs in flight. Ours always runs
// its production settings; a tool's quality per lossy format is a parameter, so the bench can search the one
// that writes as many bytes as ours. Each writes its variants as files `<out>/<input name>/<width>.<ext>`,
// so one verifier checks them all.
import { execFile, execFileSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { tsImport } from 'tsx/esm/api';

const execFileAsync = promisify(execFile);
/**
 * Runs a command-line tool. Loading sharp sets VIPSHOME to its own libvips' (absent) install prefix, and a
 * system libvips inheriting it finds none of its format modules: AVIF then "is not a known file format".
 */
const run = (file, args) => {
  const { VIPSHOME, ...env } = process.env;
  return execFileAsync(file, args, { env, maxBuffer: 1 << 20 });
};
const { createSharpImageProcessor, variantEncoderOptions } = await tsImport(
  '../../src/adapters/images/sharp-image-processor.ts',
  import.meta.url,
);
const { variantWidths } = await tsImport('../../src/domain/media/image.ts', import.meta.url);

export const EXTENSIONS = { jpeg: 'jpg', png: 'png', webp: 'webp', avif: 'avif' };
/** What every contender must write for one input: [format, width] pairs (of `formats` only, when given). */
export const expectedVariants = (input, formats) =>
  variantWidths(input.width).flatMap((width) =>
    variantFormats(input, formats).map((format) => ({ format, width })),
  );
/** The original's format, WebP and AVIF (two formats for a WebP original), or only those of `formats`. */
export const variantFormats = (input, formats) =>
  [...new Set([input.format, 'webp', 'avif'])].filter(
    (format) => formats === undefined || formats.includes(format),
  );
export const variantFile = (out, input, { format, width }) =>
  join(out, input.name, `${width}.${EXTENSIONS[format]}`);
/** The formats whose encoders take a quality number (PNG is lossless: its bytes are not searched). */
export const LOSSY_FORMATS = ['jpeg', 'webp', 'avif'];
/** Our production quality numbers per lossy format: every tool's starting point. */
const productionQualities = () => {
  const ours = variantEncoderOptions();
  return Object.fromEntries(LOSSY_FORMATS.map((format) => [format, ours[format].quality]));
};

/** Runs `jobs` (functions returning promises) with at most `concurrency` in flight. */
export async function pool(jobs, concurrency) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, jobs.length) }, async () => {
      while (next < jobs.length) await jobs[next++]();
    }),
  );
}

async function prepareDirs(out, inputs) {
  await Promise.all(inputs.map((input) => mkdir(join(out, input.name), { recursive: true })));
}

/**
 * Our processor, in this process: read the file, process() it, write the variants. Always the production
 * settings (its qualities are not searched: its bytes are the target the tools are matched to).
 */
export function slimshopContender() {
  const processor = createSharpImageProcessor();
  const settings = variantEncoderOptions();
  return {
    label: 'slimshop (sharp)',
    version: `sharp ${sharp.versions.sharp} (libvips ${sharp.versions.vips})`,
    settings: () =>
      `jpeg ${JSON.stringify(settings.jpeg)} png ${JSON.stringify(settings.png)} webp ${JSON.stringify(settings.webp)} avif ${JSON.stringify(settings.avif)}`,
    qualities: productionQualities(),
    searchable: false,
    notes: [],
    tolerated: [],
    async produce(inputs, out, concurrency) {
      await prepareDirs(out, inputs);
      await pool(
        inputs.map((input) => async () => {
          const result = await processor.process(await readFile(input.file));
          await Promise.all(
            result.variants.map((variant) => writeFile(variantFile(out, input, variant), variant.bytes)),
          );
        }),
        concurrency,
      );
    },
  };
}
/**
 * vipsthumbnail: one process per variant (it writes one size in one format per call), shrink-on-load and
 * EXIF auto-rotation being its defaults. Undefined, with a hint, when it is not installed.
 */
export function vipsthumbnailContender() {
  let version;
  try {
    version = execFileSync('vipsthumbnail', ['--vips-version'], { encoding: 'utf8' }).trim();
  } catch {
    return missing(
      'vipsthumbnail',
      'apt-get install libvips-tools (Debian/Ubuntu) or brew install vips (macOS)',
    );
  }
  const ours = variantEncoderOptions();
  // Same settings as ours but the quality. mozjpeg's trellis quantisation has no equivalent in a
  // libjpeg-turbo build (Debian's): vips would ignore the flag, so only Huffman optimisation is asked for.
  // libvips' AVIF `effort` is sharp's.
  const optionsFor = (qualities) => ({
    jpeg: `Q=${qualities.jpeg},optimize_coding`,
    png: `compression=${ours.png.compressionLevel},filter=${ours.png.adaptiveFiltering ? 'all' : 'none'}`,
    webp: `Q=${qualities.webp},effort=${ours.webp.effort}`,
    // sharp encodes AVIF with 4:4:4 chroma unless told otherwise; libvips subsamples below Q 90 by default.
    avif: `Q=${qualities.avif},effort=${ours.avif.effort},compression=av1,subsample_mode=${avifChroma(ours.avif) === '4:4:4' ? 'off' : 'on'}`,
  });
  return {
    label: 'vipsthumbnail',
    version,
    settings: (qualities) =>
      Object.entries(optionsFor(qualities))
        .map(([format, option]) => `${format}[${option}]`)
        .join(' '),
    qualities: productionQualities(),
    searchable: true,
    notes: [
      "JPEG: a libjpeg-turbo build (Debian's) has no mozjpeg trellis quantisation, so it does less work per JPEG for bigger files",
    ],
    // Measured on Debian bookworm's 8.14.1: `strip` does not reach webpsave, so a photo's EXIF, GPS included,
    // is copied into its WebP variants (a few hundred bytes: no measurable work either way).
    tolerated: /libvips 8\.14\./.test(version)
      ? [
          {
            format: 'webp',
            check: 'metadata',
            why: 'libvips 8.14 ignores strip when saving WebP: EXIF and GPS are kept',
          },
        ]
      : [],
    async produce(inputs, out, concurrency, { qualities = this.qualities, formats } = {}) {
      const options = optionsFor(qualities);
      await prepareDirs(out, inputs);
      const jobs = inputs.flatMap((input) =>
        expectedVariants(input, formats).map(
          (variant) => () =>
            run('vipsthumbnail', [
              input.file,
              '--size',
              `${variant.width}x`,
              '-o',
              `${variantFile(out, input, variant)}[${options[variant.format]},strip]`,
            ]),
        ),
      );
      await pool(jobs, concurrency);
    },
  };
}

/**
 * ImageMagick: one process per input, decoding it once and writing its variants from clones, each width
 * resized from the upright original as ours is. The binary is checked to be ImageMagick (a `convert`
 * earlier on the PATH may be a stand-in or GraphicsMagick).
 */
export function imageMagickContender() {
  const binary = ['/usr/bin/convert', 'convert', 'magick'].find((candidate) => {
    try {
      return /^Version: ImageMagick/.test(execFileSync(candidate, ['-version'], { encoding: 'utf8' }));
    } catch {
      return false;
    }
  });
  if (binary === undefined) {
    return missing(
      'ImageMagick',
      'apt-get install imagemagick (Debian/Ubuntu) or brew install imagemagick (macOS)',
    );
  }
  const version = execFileSync(binary, ['-version'], { encoding: 'utf8' })
    .split('\n')[0]
    .replace('Version: ', '');
  const ours = variantEncoderOptions();
  const optionsFor = (qualities) => ({
    jpeg: ['-quality', String(qualities.jpeg), '-define', 'jpeg:optimize-coding=true'],
    // PNG -quality is two digits: the zlib level, then the filter (0 = none; 5 = adaptive).
    png: ['-quality', `${ours.png.compressionLevel}${ours.png.adaptiveFiltering ? 5 : 0}`],
    webp: ['-quality', String(qualities.webp), '-define', `webp:method=${ours.webp.effort}`],
    // libvips' effort e is libaom's speed 9 - e. ImageMagick 6 ignores both defines (see notes).
    avif: [
      '-quality',
      String(qualities.avif),
      '-define',
      `heic:speed=${9 - ours.avif.effort}`,
      '-define',
      `heic:chroma=${avifChroma(ours.avif).replaceAll(':', '')}`,
    ],
  });
  const imageMagick6 = /ImageMagick 6\./.test(version);
  return {
    label: 'ImageMagick',
    version: `${version} (${binary})`,
    settings: (qualities) =>
      Object.entries(optionsFor(qualities))
        .map(([format, option]) => `${format}: ${option.join(' ')}`)
        .join('; '),
    qualities: productionQualities(),
    searchable: true,
    // Measured on Debian bookworm's 6.9.11: its HEIC/AVIF writer sets only the quality, so libheif's defaults
    // apply (libaom speed 6 = effort 3, 4:2:0 chroma), and it writes no alpha channel.
    notes: imageMagick6
      ? [
          "AVIF: ImageMagick 6 ignores heic:speed and heic:chroma; libheif's defaults apply (libaom speed 6 = effort 3, 4:2:0 chroma)",
        ]
      : [],
    tolerated: imageMagick6
      ? [
          {
            format: 'avif',
            check: 'alpha',
            why: 'ImageMagick 6 writes AVIF without alpha: a transparent PNG comes out opaque',
          },
        ]
      : [],
    async produce(inputs, out, concurrency, { qualities = this.qualities, formats } = {}) {
      const options = optionsFor(qualities);
      await prepareDirs(out, inputs);
      const jobs = inputs
        .filter((input) => variantFormats(input, formats).length > 0)
        .map((input) => () => {
          const perWidth = variantWidths(input.width).flatMap((width) => [
            '(',
            '+clone',
            '-resize',
            `${width}x`,
            ...variantFormats(input, formats).flatMap((format) => [
              ...options[format],
              '-write',
              variantFile(out, input, { format, width }),
            ]),
            '+delete',
            ')',
          ]);
          return run(binary, [
            input.file,
            '-auto-orient',
            '-strip',
            '-filter',
            'Lanczos',
            ...perWidth,
            'null:',
          ]);
        });
      await pool(jobs, concurrency);
    },
  };
}

/** The AVIF chroma sharp writes for these options (its default is 4:4:4). */
export const avifChroma = (avif) => avif.chromaSubsampling ?? '4:4:4';

function missing(tool, install) {
  console.log(`\n${tool} not found: skipping that baseline. Install it with: ${install}`);
  return undefined;
}
