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
  /** Plain words from the estimate, recorded with the job. */
  reason: string;
  shards: number;
}

/** Chooses where production runs a job; `shardable` jobs (array jobs on Batch) also get a shard count. */
export function chooseRunner(estimate: JobEstimate, shardable = false): RunnerChoice {
  // A basis may start with its own "≈" (rows counted from a sample): one is enough in a sentence.
  const duration = `≈ ${formatDuration(estimate.seconds)} (${estimate.basis.replace(/^≈\s*/, '')})`;
  if (estimate.seconds <= LAMBDA_BUDGET_SECONDS) {
    return { runner: 'lambda', reason: `${duration}: fits Lambda's 10-minute budget`, shards: 1 };
  }
  const beyond = `${duration}: beyond Lambda's 10-minute budget, so AWS Batch`;
  if (!shardable) return { runner: 'batch', reason: beyond, shards: 1 };
  const shards = Math.min(MAX_SHARDS, Math.max(2, Math.ceil(estimate.seconds / SHARD_TARGET_SECONDS)));
  const each = formatDuration(estimate.seconds / shards);
  return { runner: 'batch', reason: `${beyond}, as an array job of ${shards} shards of ≈ ${each}`, shards };
}

/** "45 s", "4 min", "2.5 h": precise enough for a decision that has a 10-minute threshold. */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  const hours = seconds / 3600;
  return `${hours < 10 ? hours.toFixed(1).replace(/\.0$/, '') : Math.round(hours)} h`;
}
