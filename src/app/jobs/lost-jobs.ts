import type { JobRecord, JobRunner } from './job-record.js';

/**
 * How long a running job may go without a sign of life (an attempt starting, a progress write) before it
 * counts as lost: its runner's limit for one attempt plus room for a retry to start. Lambda stops a function
 * at 15 minutes; the longest AWS Batch attempt may run 4 hours (infra/lib/config/job-specs.ts) and a retry
 * may wait for Spot capacity. Without this, a job whose every attempt died (a crash, a timeout, exhausted
 * retries) would show `running` forever: nothing else reports the death of a process.
 */
export const LOST_AFTER_MS: Record<JobRunner, number> = {
  lambda: 20 * 60_000,
  batch: 6 * 60 * 60_000,
};

/**
 * How long a queued job may wait for its first start before it counts as lost. Lambda keeps an asynchronous
 * event for at most the function's maximum event age (1 hour for the jobs function,
 * infra/lib/constructs/jobs-function.ts) and then drops it without a word; AWS Batch keeps a job RUNNABLE
 * until there is capacity, which Fargate on demand behind Fargate Spot gives within minutes, so hours without
 * a start mean it never will (a disabled queue, a deregistered definition). A launch that was lost on the
 * way (the API process died right after recording the job) looks the same and ends the same way.
 */
export const START_LIMIT_MS: Record<JobRunner, number> = {
  lambda: 90 * 60_000,
  batch: 6 * 60 * 60_000,
};

const RUNNER_WORDS: Record<JobRunner, { runs: string; waits: string }> = {
  lambda: { runs: 'Lambda', waits: 'Lambda keeps a job waiting' },
  batch: { runs: 'an AWS Batch attempt', waits: 'an AWS Batch job waits for capacity' },
};

/**
 * A job past its runner's limits: running without a sign of life, or queued and never started. `waitingHere`
 * is true while a launcher of this process still holds the job in its own queue (local child processes):
 * that job is waiting its turn, not lost.
 */
export function isLost(record: JobRecord, nowMs: number, waitingHere = false): boolean {
  if (record.status === 'queued') {
    return !waitingHere && nowMs - Date.parse(record.createdAt) > START_LIMIT_MS[record.runner];
  }
  if (record.status !== 'running') return false;
  const lastSign = record.heartbeatAt ?? record.startedAt ?? record.createdAt;
  return nowMs - Date.parse(lastSign) > LOST_AFTER_MS[record.runner];
}

export function lostJobError(record: JobRecord): string {
  const words = RUNNER_WORDS[record.runner];
  if (record.status === 'queued') {
    const minutes = START_LIMIT_MS[record.runner] / 60_000;
    return `The job never started: queued for over ${minutes} minutes, longer than ${words.waits}. Submit it again.`;
  }
  const minutes = LOST_AFTER_MS[record.runner] / 60_000;
  return `The job stopped without a result: no sign of life for over ${minutes} minutes, longer than ${words.runs} runs. Submit it again.`;
}
