// Image variants per second: our processor (in-process, its real code path) against vipsthumbnail and
// ImageMagick's convert producing the same variants (widths 320/768/1600 never upscaled, each in the original
// format, WebP and AVIF; upright; metadata stripped) from the same inputs, with the same encoder settings and
// the same number of jobs in flight, in the same run, rounds alternating. Every round's outputs are verified.
// A tool that is not installed is skipped with a hint. Not run by CI (it takes minutes).
// Usage: node bench/images.mjs [--rounds 3] [--concurrency <cores>] [--keep]

import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { treeCpuMs } from './lib/harness.mjs';
import {
  expectedVariants,
  imageMagickContender,
  slimshopContender,
  vipsthumbnailContender,
} from './lib/image-contenders.mjs';
import { writeImageInputs } from './lib/image-inputs.mjs';
import { referencePixels, verifyOutputs } from './lib/image-verify.mjs';
import { median, printTable, round, writeResult } from './lib/report.mjs';

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    concurrency: { type: 'string', default: String(availableParallelism()) },
    keep: { type: 'boolean', default: false },
  },
});
const rounds = Number(args.rounds);
const concurrency = Number(args.concurrency);

const ours = slimshopContender();
const vips = vipsthumbnailContender();
const magick = imageMagickContender();
// ImageMagick 6 cannot set the AVIF effort: ours again at the effort it runs at, for an equal-settings ratio.
const oursAtMagickEffort =
  magick?.avifEffort === undefined
    ? undefined
    : slimshopContender({
        label: `slimshop (sharp), AVIF effort ${magick.avifEffort}`,
        avifEffort: magick.avifEffort,
      });
const contenders = [ours, vips, magick, oursAtMagickEffort].filter((contender) => contender !== undefined);

const work = await mkdtemp(join(tmpdir(), 'slimshop-bench-images-'));
console.log(`generating inputs in ${work} ...`);
const inputs = await writeImageInputs(work);
const references = await referencePixels(inputs);
const variantsPerPass = inputs.reduce((sum, input) => sum + expectedVariants(input).length, 0);
console.log(
  `${inputs.length} inputs, ${variantsPerPass} variants per pass, ${concurrency} jobs in flight, ${rounds} rounds`,
);
for (const contender of contenders)
  console.log(`- ${contender.label}: ${contender.version}; ${contender.settings}`);

// Warm-up (JIT, page cache, shared libraries) on the smallest input, untimed.
const smallest = [...inputs].sort((a, b) => a.width * a.height - b.width * b.height).slice(0, 1);
for (const [index, contender] of contenders.entries())
  await contender.produce(smallest, join(work, `warm-${index}`), concurrency);

const measured = [];
const checks = new Map();
for (let roundIndex = 0; roundIndex < rounds; roundIndex++) {
  // Rotate who goes first, so drift in machine load does not favour one side.
  const order = contenders.map((_, i) => contenders[(i + roundIndex) % contenders.length]);
  for (const contender of order) {
    const out = join(work, `round-${roundIndex}-${contenders.indexOf(contender)}`);
    const cpuBefore = treeCpuMs(process.pid);
    const started = performance.now();
    await contender.produce(inputs, out, concurrency);
    const seconds = (performance.now() - started) / 1000;
    const cpuMs = treeCpuMs(process.pid) - cpuBefore;
    const verified = await verifyOutputs(out, inputs, references);
    checks.set(contender, verified);
    const tolerated = verified.problems.filter((problem) => isTolerated(contender, problem));
    const failed = verified.problems.filter((problem) => !isTolerated(contender, problem));
    if (failed.length > 0) {
      console.error(`\n${contender.label} wrote wrong variants:`);
      for (const problem of failed) console.error(`  ${problem.file}: ${problem.check}: ${problem.message}`);
      process.exit(1);
    }
    measured.push({
      round: roundIndex + 1,
      contender: contender.label,
      seconds,
      variantsPerSecond: verified.files / seconds,
      cpuMsPerVariant: cpuMs / verified.files,
      toleratedProblems: tolerated.length,
    });
    if (!args.keep) await rm(out, { recursive: true, force: true });
    console.log(`round ${roundIndex + 1}: ${contender.label} ${round(verified.files / seconds)} variants/s`);
  }
}

const medianOf = (contender, key) =>
  median(measured.filter((row) => row.contender === contender.label).map((row) => row[key]));
const ratioOf = (a, b) =>
  a && b
    ? median(
        Array.from({ length: rounds }, (_, i) => {
          const pick = (c) => measured.find((row) => row.round === i + 1 && row.contender === c.label);
          return pick(a).variantsPerSecond / pick(b).variantsPerSecond;
        }),
      )
    : undefined;
const summary = contenders.map((contender) => ({
  contender: contender.label,
  'variants/s': medianOf(contender, 'variantsPerSecond'),
  'CPU ms/variant': medianOf(contender, 'cpuMsPerVariant'),
}));
// What the work bought: bytes per format (all variants of a pass) and mean PSNR against the reference resize.
const output = contenders.map((contender) => {
  const { bytes, psnr } = checks.get(contender);
  return {
    contender: contender.label,
    ...Object.fromEntries(
      ['jpeg', 'png', 'webp', 'avif'].flatMap((format) => [
        [`${format} KB`, bytes[format] / 1024],
        [`${format} dB`, psnr[format]],
      ]),
    ),
  };
});
const ratios = {
  'slimshop / vipsthumbnail': ratioOf(ours, vips),
  'slimshop / ImageMagick': ratioOf(ours, magick),
  [`slimshop at AVIF effort ${magick?.avifEffort} / ImageMagick (equal settings)`]: ratioOf(
    oursAtMagickEffort,
    magick,
  ),
};

printTable(
  `Image variants, ${inputs.length} inputs (${variantsPerPass} variants), ${concurrency} jobs in flight, medians of ${rounds} rounds`,
  summary,
);
printTable('Output of the last round: KB per format, mean PSNR (dB) against the reference resize', output);
console.log('');
for (const [name, ratio] of Object.entries(ratios)) {
  if (ratio !== undefined) console.log(`${name}: ${round(ratio)}x (median of per-round ratios)`);
}
for (const contender of contenders) {
  for (const note of contender.notes) console.log(`note, ${contender.label}: ${note}`);
  for (const { format, check, why } of contender.tolerated)
    console.log(`tolerated, ${contender.label}: ${format} ${check}: ${why}`);
}

await writeResult('images', {
  settings: { rounds, concurrency, variantsPerPass },
  inputs: inputs.map(({ name, width, height, format, orientation, bytes }) => ({
    name,
    width,
    height,
    format,
    orientation,
    bytes,
  })),
  contenders: contenders.map(({ label, version, settings, notes, tolerated }) => ({
    label,
    version,
    settings,
    notes,
    tolerated,
  })),
  summary,
  output,
  ratios: Object.fromEntries(Object.entries(ratios).filter(([, ratio]) => ratio !== undefined)),
  rounds: measured,
  targets: { 'slimshop / vipsthumbnail': 1, 'slimshop / ImageMagick': 2 },
});
if (!args.keep) await rm(work, { recursive: true, force: true });

function isTolerated(contender, problem) {
  return contender.tolerated.some(
    ({ format, check }) => format === problem.format && check === problem.check,
  );
}
