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

export function isLost(record: JobRecord, nowMs: number): boolean {
  if (record.status !== 'running') return false;
  const lastSign = record.heartbeatAt ?? record.startedAt ?? record.createdAt;
  return nowMs - Date.parse(lastSign) > LOST_AFTER_MS[record.runner];
}

export function lostJobError(record: JobRecord): string {
  const minutes = LOST_AFTER_MS[record.runner] / 60_000;
  return `The job stopped without a result: no sign of life for over ${minutes} minutes, longer than ${record.runner === 'lambda' ? 'Lambda' : 'an AWS Batch attempt'} runs. Submit it again.`;
}
