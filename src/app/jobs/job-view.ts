import type { JobProgressValue, JobRecord } from './job-record.js';

/** GET /jobs/{id}: a record as clients see it, shards folded into one progress, absent fields null. */
export interface JobView
  extends Pick<
    JobRecord,
    'id' | 'type' | 'args' | 'status' | 'runner' | 'reason' | 'estimate' | 'createdAt'
  > {
  progress: JobProgressValue | null;
  summary: Record<string, unknown> | null;
  /** Where the job wrote its report (e.g. the rejected rows of an import), when it wrote one. */
  report: string | null;
  error: string | null;
  startedAt: string | null;
  finishedAt: string | null;
}

export function toJobView(record: JobRecord): JobView {
  const report = record.summary?.report;
  return {
    id: record.id,
    type: record.type,
    args: record.args,
    status: record.status,
    runner: record.runner,
    reason: record.reason,
    estimate: record.estimate,
    progress: totalProgress(Object.values(record.shardProgress)),
    summary: record.summary ?? null,
    report: typeof report === 'string' ? report : null,
    error: record.error ?? null,
    createdAt: record.createdAt,
    startedAt: record.startedAt ?? null,
    finishedAt: record.finishedAt ?? null,
  };
}

/** The shards' progress added up; `total` only when every shard knows its own. */
export function totalProgress(parts: readonly JobProgressValue[]): JobProgressValue | null {
  const first = parts[0];
  if (first === undefined) return null;
  const done = parts.reduce((sum, part) => sum + part.done, 0);
  const totals = parts.map((part) => part.total);
  return totals.every((total) => total !== undefined)
    ? { done, total: totals.reduce((sum, total) => sum + total, 0), unit: first.unit }
    : { done, unit: first.unit };
}

/**
 * One summary for the job: a single shard's as it is; several shards' numbers added up (counts such as
 * read/imported/rejected), other fields (a report location) from the first shard that has them.
 */
export function mergeSummaries(summaries: readonly Record<string, unknown>[]): Record<string, unknown> {
  if (summaries.length === 1) return summaries[0] as Record<string, unknown>;
  const merged: Record<string, unknown> = {};
  for (const summary of summaries) {
    for (const [key, value] of Object.entries(summary)) {
      const current = merged[key];
      if (typeof value === 'number' && (current === undefined || typeof current === 'number')) {
        merged[key] = (current ?? 0) + value;
      } else if (current === undefined) merged[key] = value;
    }
  }
  return merged;
}
