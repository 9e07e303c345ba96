import type { Page } from '../../domain/shared/page.js';
import type { JobProgressValue, JobRecord, JobStatus, ShardResult } from '../jobs/job-record.js';

/** The final state of a job, written once when its last shard ends (or when its process is lost). */
export interface JobOutcome {
  status: Extract<JobStatus, 'succeeded' | 'failed'>;
  summary?: Record<string, unknown>;
  error?: string;
  finishedAt: string;
}

/**
 * Job records. Every transition is conditional on the current status, so a duplicate delivery (Lambda async
 * retries, a Batch attempt after a Spot interruption) never rewinds a finished job.
 */
export interface JobStore {
  create(record: JobRecord): Promise<void>;
  get(id: string): Promise<JobRecord | undefined>;
  /** Newest first; `cursor` is a page's `nextCursor` (a foreign one is a ValidationError on `cursor`). */
  list(query: { limit: number; cursor?: string }): Promise<Page<JobRecord>>;
  /** queued|running -> running; undefined when the job is absent or already finished (nothing to run). */
  markRunning(id: string, startedAt: string): Promise<JobRecord | undefined>;
  /** Frequent calls are fine: the store writes at most about once a second per shard. */
  reportProgress(id: string, shard: string, progress: JobProgressValue): Promise<void>;
  /** Records one shard's result (and its last progress); returns the record after it, undefined if finished. */
  recordShardResult(
    id: string,
    shard: string,
    result: ShardResult,
    progress?: JobProgressValue,
  ): Promise<JobRecord | undefined>;
  /** running|queued -> succeeded|failed; false when the job had already finished. */
  finish(id: string, outcome: JobOutcome): Promise<boolean>;
}
