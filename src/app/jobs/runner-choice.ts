import { countOf } from './counted.js';
import type { JobEstimate, JobRunner } from './job-record.js';

/**
 * Lambda stops a function at 15 minutes; jobs estimated at up to 10 keep a third in reserve for a slow
 * estimate, a cold start and the record writes. Beyond that a job goes to AWS Batch, which has no limit.
 */
export const LAMBDA_BUDGET_SECONDS = 600;
/** An array job gets about this much work per shard, so a lost Spot instance costs at most that much. */
export const SHARD_TARGET_SECONDS = 15 * 60;
export const MAX_SHARDS = 50;

export interface RunnerChoice {
  runner: JobRunner;
  /** One plain sentence from the estimate, recorded with the job. */
  reason: string;
  shards: number;
}

/**
 * Chooses where production runs a job; `shardable` jobs (array jobs on Batch) also get a shard count. The
 * reason reads e.g. "About 2 minutes for about 120,000 rows (a file of 9.1 MB at about 76 bytes per row)
 * at 0.9 ms per row, which fits Lambda's 10-minute budget."
 */
export function chooseRunner(estimate: JobEstimate, shardable = false): RunnerChoice {
  const duration = estimate.seconds < 1 ? 'Under a second' : `About ${formatDuration(estimate.seconds)}`;
  const lead = `${duration} for ${estimate.basis}`;
  if (estimate.seconds <= LAMBDA_BUDGET_SECONDS) {
    return { runner: 'lambda', reason: `${lead}, which fits Lambda's 10-minute budget.`, shards: 1 };
  }
  const beyond = `${lead}, beyond Lambda's 10-minute budget, so it runs on AWS Batch`;
  if (!shardable) return { runner: 'batch', reason: `${beyond}.`, shards: 1 };
  const shards = Math.min(MAX_SHARDS, Math.max(2, Math.ceil(estimate.seconds / SHARD_TARGET_SECONDS)));
  const each = formatDuration(estimate.seconds / shards);
  return {
    runner: 'batch',
    reason: `${beyond} as an array job of ${countOf(shards, 'shards')} of about ${each} each.`,
    shards,
  };
}

/** "45 seconds", "4 minutes", "2.5 hours": precise enough for a decision that has a 10-minute threshold. */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return countOf(Math.max(1, Math.round(seconds)), 'seconds');
  if (seconds < 3600) return countOf(Math.round(seconds / 60), 'minutes');
  const hours = seconds / 3600;
  if (hours >= 10 || Number.isInteger(Math.round(hours * 10) / 10)) return countOf(hours, 'hours');
  return `${hours.toFixed(1)} hours`;
}
