// Image variants per second at equal output bytes: our processor (in-process, its real code path, its
// production settings) against vipsthumbnail and ImageMagick producing the same variants (widths
// 320/768/1600 never upscaled, each in the original format, WebP and AVIF; upright; metadata stripped) from
// the same inputs, with the same encoder settings but the quality number and the same number of jobs in
// flight, in the same run, rounds alternating. A quality number means different things to different
// encoders, so each tool's JPEG, WebP and AVIF quality is first searched (bisection) until it writes as many
// bytes per format as ours, within ±10 %; then the rounds are timed, every round's outputs verified, and the
// last round's scored (SSIM on luma and PSNR against one reference resize) to say what the bytes bought.
// A tool that is not installed is skipped with a hint. Not run by CI (it takes ~15 minutes on 2 cores).
// Usage: env -u NODE_EXTRA_CA_CERTS node bench/images.mjs [--rounds 3] [--concurrency <cores>] [--keep]

import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { treeCpuMs } from './lib/harness.mjs';
import {
  expectedVariants,
  imageMagickContender,
  LOSSY_FORMATS,
  slimshopContender,
  vipsthumbnailContender,
} from './lib/image-contenders.mjs';
import { writeImageInputs } from './lib/image-inputs.mjs';
import { formatBytes, matchBytes } from './lib/image-quality-search.mjs';
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
const TOLERANCE = 0.1;
const FORMATS = ['jpeg', 'png', 'webp', 'avif'];

const loads = [];
const sampleLoad = (when) => {
  const [one, five] = loadavg().map((value) => round(value));
  loads.push({ when, one, five });
  return `load ${one} (1 min), ${five} (5 min)`;
};
console.log(`${sampleLoad('start')}, ${availableParallelism()} cores`);

const ours = slimshopContender();
const tools = [vipsthumbnailContender(), imageMagickContender()].filter((tool) => tool !== undefined);
const contenders = [ours, ...tools];

const work = await mkdtemp(join(tmpdir(), 'slimshop-bench-images-'));
console.log(`generating inputs in ${work} ...`);
const inputs = await writeImageInputs(work);
const references = await referencePixels(inputs);
const variantsPerPass = inputs.reduce((sum, input) => sum + expectedVariants(input).length, 0);
console.log(
  `${inputs.length} inputs, ${variantsPerPass} variants per pass, ${concurrency} jobs in flight, ${rounds} rounds`,
);

// Warm-up (JIT, page cache, shared libraries) on the smallest input, untimed.
const smallest = [...inputs].sort((a, b) => a.width * a.height - b.width * b.height).slice(0, 1);
for (const [index, contender] of contenders.entries())
  await contender.produce(smallest, join(work, `warm-${index}`), concurrency);

// The targets: what our production settings write per lossy format. Then each tool's quality per format.
const targetOut = join(work, 'targets');
await ours.produce(inputs, targetOut, concurrency);
const targets = Object.fromEntries(
  await Promise.all(
    LOSSY_FORMATS.map(async (format) => [format, await formatBytes(targetOut, inputs, format)]),
  ),
);
console.log(
  `targets (ours, production settings): ${LOSSY_FORMATS.map((f) => `${f} ${kb(targets[f])} KB`).join(', ')}`,
);
const matches = new Map([[ours, {}]]);
for (const tool of tools) {
  const found = {};
  for (const format of LOSSY_FORMATS) {
    const match = await matchBytes({
      contender: tool,
      format,
      target: targets[format],
      inputs,
      dir: join(work, 'search'),
      concurrency,
      tolerance: TOLERANCE,
    });
    found[format] = match;
    console.log(
      `${tool.label} ${format}: Q${match.quality} writes ${kb(match.bytes)} KB (${percent(match.deviation)} of target) after ${match.probes.length} probes${match.withinTolerance ? '' : `: NOT within ±${TOLERANCE * 100} %`}`,
    );
  }
  matches.set(tool, found);
  tool.qualities = Object.fromEntries(LOSSY_FORMATS.map((format) => [format, found[format].quality]));
}
for (const contender of contenders)
  console.log(`- ${contender.label}: ${contender.version}; ${contender.settings(contender.qualities)}`);

const measured = [];
const checks = new Map();
for (let roundIndex = 0; roundIndex < rounds; roundIndex++) {
  const lastRound = roundIndex === rounds - 1;
  console.log(`round ${roundIndex + 1}: ${sampleLoad(`round ${roundIndex + 1}`)}`);
  // Rotate who goes first, so drift in machine load does not favour one side.
  const order = contenders.map((_, i) => contenders[(i + roundIndex) % contenders.length]);
  for (const contender of order) {
    const out = join(work, `round-${roundIndex}-${contenders.indexOf(contender)}`);
    const cpuBefore = treeCpuMs(process.pid);
    const started = performance.now();
    await contender.produce(inputs, out, concurrency);
    const seconds = (performance.now() - started) / 1000;
    const cpuMs = treeCpuMs(process.pid) - cpuBefore;
    // Scoring is deterministic (same files every round): the last round's is enough.
    const verified = await verifyOutputs(out, inputs, references, { withSsim: lastRound });
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
    console.log(`  ${contender.label} ${round(verified.files / seconds)} variants/s`);
  }
}
sampleLoad('end');

const rowsOf = (contender) => measured.filter((row) => row.contender === contender.label);
const spread = (values) => `${round(Math.min(...values))}–${round(Math.max(...values))}`;
const perRoundRatios = (a, b) =>
  Array.from({ length: rounds }, (_, i) => {
    const pick = (c) => measured.find((row) => row.round === i + 1 && row.contender === c.label);
    return pick(a).variantsPerSecond / pick(b).variantsPerSecond;
  });
const summary = contenders.map((contender) => {
  const rates = rowsOf(contender).map((row) => row.variantsPerSecond);
  return {
    contender: contender.label,
    'variants/s': median(rates),
    'min–max': spread(rates),
    'CPU ms/variant': median(rowsOf(contender).map((row) => row.cpuMsPerVariant)),
  };
});
// What the bytes bought, per format: the quality used, the bytes (all variants of a pass) against the
// target, mean SSIM and PSNR against the reference resize. PNG is lossless: its bytes are not matched.
const output = contenders.flatMap((contender) =>
  FORMATS.map((format) => {
    const { bytes, psnr, ssim } = checks.get(contender);
    return {
      contender: contender.label,
      format,
      quality: contender.qualities[format] ?? '-',
      KB: bytes[format] / 1024,
      'vs target': targets[format] ? percent(bytes[format] / targets[format] - 1) : '-',
      SSIM: ssim[format],
      'PSNR dB': psnr[format],
    };
  }),
);
const ratios = Object.fromEntries(
  tools.map((tool) => {
    const values = perRoundRatios(ours, tool);
    return [
      `slimshop / ${tool.label}`,
      { median: median(values), min: Math.min(...values), max: Math.max(...values) },
    ];
  }),
);

printTable(
  `Image variants at equal bytes, ${inputs.length} inputs (${variantsPerPass} variants), ${concurrency} jobs in flight, ${rounds} rounds (median, min–max)`,
  summary,
);
printTable(
  'Output of the last round: quality, KB per format against ours, SSIM (luma) and PSNR',
  output.map((row) => ({ ...row, SSIM: row.SSIM.toFixed(4) })),
);
console.log('');
for (const [name, { median: value, min, max }] of Object.entries(ratios))
  console.log(`${name}: ${round(value)}x (median of per-round ratios; ${round(min)}–${round(max)})`);
console.log(`load during the run: ${loads.map(({ when, one }) => `${when} ${one}`).join(', ')}`);
for (const contender of contenders) {
  for (const note of contender.notes) console.log(`note, ${contender.label}: ${note}`);
  for (const { format, check, why } of contender.tolerated)
    console.log(`tolerated, ${contender.label}: ${format} ${check}: ${why}`);
}

await writeResult('images', {
  settings: { rounds, concurrency, variantsPerPass, bytesTolerance: TOLERANCE },
  load: loads,
  inputs: inputs.map(({ name, width, height, format, orientation, bytes }) => ({
    name,
    width,
    height,
    format,
    orientation,
    bytes,
  })),
  contenders: contenders.map(({ label, version, settings, qualities, notes, tolerated }) => ({
    label,
    version,
    settings: settings(qualities),
    qualities,
    notes,
    tolerated,
  })),
  targetBytes: targets,
  search: Object.fromEntries(tools.map((tool) => [tool.label, matches.get(tool)])),
  summary,
  output,
  ratios,
  rounds: measured,
  targets: { 'slimshop / vipsthumbnail': 1.5, 'slimshop / ImageMagick': 2 },
});
if (!args.keep) await rm(work, { recursive: true, force: true });

function isTolerated(contender, problem) {
  return contender.tolerated.some(
    ({ format, check }) => format === problem.format && check === problem.check,
  );
}
function kb(bytes) {
  return round(bytes / 1024, 1);
}
function percent(fraction) {
  return `${fraction >= 0 ? '+' : ''}${round(fraction * 100, 1)} %`;
}
