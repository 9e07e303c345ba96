// The image bench's inputs, generated with sharp at start so the repository holds no binary blobs: photo-like
// JPEGs (smooth shapes plus sensor grain, which is what encoders find hard, and a packaging label with text,
// a barcode and fine stripes: the sharp edges a product photo has and SSIM notices an encoder blurring) stored sideways or upside down
// with an EXIF orientation and GPS, a PNG with an alpha gradient, a WebP. The same files go to every
// contender. Each upright picture has a red marker top-left and a blue one top-right, so the verifier can
// tell an output that was turned upright from one that was not, whatever its dimensions.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';

/** name, upright size, stored format, EXIF orientation (1 = stored upright). */
export const INPUT_SPECS = [
  { name: 'photo-12mp-portrait', width: 3000, height: 4000, format: 'jpeg', orientation: 6 },
  { name: 'photo-12mp-landscape', width: 4032, height: 3024, format: 'jpeg', orientation: 8 },
  { name: 'photo-3mp', width: 2000, height: 1500, format: 'jpeg', orientation: 3 },
  { name: 'logo-alpha', width: 1200, height: 900, format: 'png', orientation: 1 },
  { name: 'photo-webp', width: 2400, height: 1600, format: 'webp', orientation: 1 },
];

/** The markers' size as a share of the width, and where the verifier samples them. */
export const MARKER_SHARE = 0.1;
export const MARKER_SAMPLE = 0.03;
// How a stored image must be turned for EXIF `orientation` to turn it back upright.
const STORED_ROTATION = { 1: 0, 3: 180, 6: 270, 8: 90 };

/** Writes every input into `dir`; resolves to the specs with each file's path and byte count. */
export async function writeImageInputs(dir) {
  return Promise.all(
    INPUT_SPECS.map(async (spec, index) => {
      const bytes = await encodeStored(await uprightPixels(spec, index + 1), spec);
      const file = join(dir, `${spec.name}.${spec.format === 'jpeg' ? 'jpg' : spec.format}`);
      await writeFile(file, bytes);
      return { ...spec, file, bytes: bytes.length };
    }),
  );
}

async function uprightPixels({ width, height, format }, seed) {
  const alpha = format === 'png';
  // Low-saturation blobs: a coarse random field upscaled smoothly, like out-of-focus scenery.
  const random = mulberry32(seed);
  const coarse = { width: Math.ceil(width / 200), height: Math.ceil(height / 200) };
  const field = Buffer.alloc(coarse.width * coarse.height * 3);
  for (let i = 0; i < field.length; i += 3) {
    const luma = 50 + random() * 150;
    field[i] = luma + random() * 20;
    field[i + 1] = luma + random() * 20;
    field[i + 2] = luma + random() * 20;
  }
  const scenery = await sharp(field, { raw: { ...coarse, channels: 3 } })
    .resize(width, height, { kernel: 'cubic', fit: 'fill' })
    .png({ compressionLevel: 0 })
    .toBuffer();
  const grain = await sharp({
    create: { width, height, channels: 3, noise: { type: 'gaussian', mean: 128, sigma: 10 } },
  })
    .png({ compressionLevel: 0 })
    .toBuffer();
  const side = Math.round(width * MARKER_SHARE);
  const marker = (r, g, b) =>
    sharp({ create: { width: side, height: side, channels: 3, background: { r, g, b } } })
      .png()
      .toBuffer();
  let picture = sharp(scenery).composite([
    { input: grain, blend: 'soft-light' },
    { input: Buffer.from(labelSvg(width, height, mulberry32(seed + 100))) },
    { input: await marker(230, 20, 20), left: 0, top: 0 },
    { input: await marker(20, 20, 230), left: width - side, top: 0 },
  ]);
  if (alpha) {
    // Opaque at the top (the markers), fading to a quarter opacity at the bottom, like a cut-out.
    const mask = Buffer.alloc(width * height);
    for (let y = 0; y < height; y++) {
      mask.fill(
        y < height / 4 ? 255 : Math.round(255 - (191 * (y - height / 4)) / ((height * 3) / 4)),
        y * width,
        (y + 1) * width,
      );
    }
    const flat = await picture.removeAlpha().raw().toBuffer();
    picture = sharp(flat, { raw: { width, height, channels: 3 } }).joinChannel(mask, {
      raw: { width, height, channels: 1 },
    });
  }
  return picture.raw().toBuffer({ resolveWithObject: true });
}

/**
 * A packaging label in the middle of the picture (clear of the corner markers): a title, smaller text, a
 * barcode and a band of 1-3 pixel stripes, dark on cream. Text uses whatever sans-serif font the machine
 * has, so runs on different machines compare only within themselves.
 */
function labelSvg(width, height, random) {
  const x = Math.round(width * 0.25);
  const y = Math.round(height * 0.4);
  const w = Math.round(width * 0.5);
  const h = Math.round(height * 0.3);
  const unit = w / 100;
  let bars = '';
  for (let at = 0; at < 40 * unit; ) {
    const barWidth = (1 + Math.floor(random() * 3)) * unit * 0.4;
    if (random() < 0.5)
      bars += `<rect x="${x + 5 * unit + at}" y="${y + h * 0.55}" width="${barWidth}" height="${h * 0.35}"/>`;
    at += barWidth;
  }
  let stripes = '';
  for (let row = 0, pitch = 2; row < h * 0.35; row += pitch, pitch = 2 + (row % 3)) {
    stripes += `<rect x="${x + 55 * unit}" y="${y + h * 0.55 + row}" width="${40 * unit}" height="1"/>`;
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
  <rect x="${x}" y="${y}" width="${w}" height="${h}" rx="${2 * unit}" fill="#f1ebdf" stroke="#5a2a1a" stroke-width="${unit * 0.6}"/>
  <g font-family="sans-serif" fill="#2b1d14">
    <text x="${x + 5 * unit}" y="${y + h * 0.22}" font-size="${8 * unit}" font-weight="bold">Slimshop Espresso</text>
    <text x="${x + 5 * unit}" y="${y + h * 0.36}" font-size="${4 * unit}">250 g · whole beans · roasted 2026-11-02</text>
    <text x="${x + 5 * unit}" y="${y + h * 0.47}" font-size="${2.5 * unit}">Ingredients: 100 % arabica. Store in a cool, dry place. Lot 4711-B</text>
  </g>
  <g fill="#1a1a1a">${bars}${stripes}</g>
</svg>`;
}

function encodeStored({ data, info }, { format, orientation }) {
  const stored = sharp(data, { raw: info }).rotate(STORED_ROTATION[orientation]);
  switch (format) {
    case 'jpeg':
      return stored
        .jpeg({ quality: 92 })
        .withExif({
          IFD0: { Make: 'SlimshopCam', Model: 'Bench 1' },
          IFD3: {
            GPSLatitudeRef: 'N',
            GPSLatitude: '48/1 51/1 2400/100',
            GPSLongitudeRef: 'E',
            GPSLongitude: '2/1 21/1 300/100',
          },
        })
        .withMetadata({ orientation })
        .toBuffer();
    case 'png':
      return stored.png().toBuffer();
    case 'webp':
      return stored.webp({ quality: 90 }).toBuffer();
  }
}

/** A small seeded PRNG, so every run benchmarks the same pictures. */
function mulberry32(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
