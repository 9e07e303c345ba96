// Equal bytes instead of equal quality numbers: the same number means different things to different
// encoders (sharp's libheif and Debian's map AVIF Q50 to files twice apart), and what a shop pays for, in
// storage and transfer, is bytes. This finds, per lossy format, the quality at which a contender writes as
// many bytes (all variants of that format of one pass, summed) as a target, by binary search over the
// integer quality 1-100: bytes grow with the quality number, near enough for a bisection.
//
// Usage:
//   const match = await matchBytes({ contender: vips, format: 'avif', target: 127_000, inputs, dir, concurrency: 2 });
//   // { quality: 63, bytes: 125_900, deviation: -0.009, probes: [{ quality: 50, bytes: 64_100 }, ...] }
import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { expectedVariants, variantFile } from './image-contenders.mjs';

/** A probe this close to the target ends the search early; anything within `tolerance` counts as equal. */
const GOOD_ENOUGH = 0.03;
const FIRST_STEP = 16;

/** Bytes of every variant of `format` a contender wrote under `out`. */
export async function formatBytes(out, inputs, format) {
  let total = 0;
  for (const input of inputs) {
    for (const variant of expectedVariants(input, [format]))
      total += (await stat(variantFile(out, input, variant))).size;
  }
  return total;
}

/**
 * Resolves to { quality, bytes, deviation (bytes / target - 1), withinTolerance, probes }: the probed
 * quality whose bytes came closest to `target`. `contender.produce` is called with only `format` and its
 * other formats at their current qualities.
 */
export async function matchBytes({
  contender,
  format,
  target,
  inputs,
  dir,
  concurrency,
  tolerance = 0.1,
  start = contender.qualities[format],
}) {
  const probes = [];
  const probe = async (quality) => {
    const out = join(dir, `${format}-q${quality}`);
    await contender.produce(inputs, out, concurrency, {
      qualities: { ...contender.qualities, [format]: quality },
      formats: [format],
    });
    const bytes = await formatBytes(out, inputs, format);
    await rm(out, { recursive: true, force: true });
    probes.push({ quality, bytes, deviation: bytes / target - 1 });
    return bytes;
  };
  // The first probe is the contender's current quality (often close already), the second FIRST_STEP away
  // towards the target (tools land within ~15 of each other), then halving the interval each time.
  let low = 1;
  let high = 100;
  let quality = start;
  while (low <= high) {
    const bytes = await probe(quality);
    if (Math.abs(bytes / target - 1) <= GOOD_ENOUGH) break;
    if (bytes < target) low = quality + 1;
    else high = quality - 1;
    quality =
      probes.length === 1
        ? Math.min(high, Math.max(low, quality + (bytes < target ? FIRST_STEP : -FIRST_STEP)))
        : Math.floor((low + high) / 2);
  }
  const best = probes.reduce((a, b) => (Math.abs(b.deviation) < Math.abs(a.deviation) ? b : a));
  return { ...best, withinTolerance: Math.abs(best.deviation) <= tolerance, probes };
}
