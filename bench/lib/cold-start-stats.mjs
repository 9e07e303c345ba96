// Summaries of cold-start samples: a median with its spread, the ratio against a baseline of the same
// run, and the machine's load while the samples were taken.
import { loadavg } from 'node:os';
import { median, percentile, round } from './report.mjs';

/** Median, p10-p90 and min-max of `values` (rounded ms). */
export function spread(values) {
  return {
    median: round(median(values), 1),
    p10: round(percentile(values, 10), 1),
    p90: round(percentile(values, 90), 1),
    min: round(Math.min(...values), 1),
    max: round(Math.max(...values), 1),
  };
}

/** "183 (p10-p90 176-195, min-max 170-240)": one table cell. */
export function spreadCell({ median, p10, p90, min, max }) {
  const ms = (value) => Math.round(value);
  return `${ms(median)} (${ms(p10)}-${ms(p90)}, ${ms(min)}-${ms(max)})`;
}

/**
 * `samples` and `baseline` are taken in the same rounds (index i of each in round i): the ratio of the
 * medians, and the p10-p90 of the per-round ratios, which says how far one round can move it.
 */
export function ratioAgainst(samples, baseline) {
  const perRound = samples.map((value, i) => value / baseline[i]);
  return {
    ratio: round(median(samples) / median(baseline), 3),
    roundsP10: round(percentile(perRound, 10), 3),
    roundsP90: round(percentile(perRound, 90), 3),
  };
}

/**
 * The 1-minute load average, sampled whenever `sample()` is called (once per round): the cold starts of a
 * shared machine are only comparable with the load they ran under.
 *
 * @example
 *   const load = loadRecorder();
 *   for (...) { runRound(); load.sample(); }
 *   console.log(load.summary()); // { min: 0.8, max: 1.4, mean: 1.1 }
 */
export function loadRecorder() {
  const samples = [loadavg()[0]];
  return {
    sample: () => samples.push(loadavg()[0]),
    summary: () => ({
      min: round(Math.min(...samples)),
      max: round(Math.max(...samples)),
      mean: round(samples.reduce((sum, value) => sum + value, 0) / samples.length),
    }),
  };
}
