/** A job's lifecycle as clients see it: queued -> running -> succeeded | failed. */
export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** Where production runs a job: an asynchronous Lambda invocation (short) or an AWS Batch job (long). */
export const JOB_RUNNERS = ['lambda', 'batch'] as const;
export type JobRunner = (typeof JOB_RUNNERS)[number];

/** A job's own duration estimate (src/jobs/job.ts DurationEstimate, as the app layer sees it). */
export interface JobEstimate {
  units: number;
  unit: string;
  msPerUnit: number;
  seconds: number;
  basis: string;
}

export interface JobProgressValue {
  done: number;
  total?: number;
  unit: string;
}

/** How one run (one shard of an array job, or the whole job) ended. */
export type ShardResult = { ok: true; summary: Record<string, unknown> } | { ok: false; error: string };

/**
 * A job as stored. An AWS Batch array job runs `shards` copies at once, each reporting its own progress and
 * result under its index ("0" for an ordinary job); the job is finished once every shard has a result.
 */
export interface JobRecord {
  id: string;
  type: string;
  args: Record<string, unknown>;
  status: JobStatus;
  runner: JobRunner;
  reason: string;
  estimate: JobEstimate;
  shards: number;
  shardProgress: Record<string, JobProgressValue>;
  shardResults: Record<string, ShardResult>;
  /** Set when the job finished: the shards' summaries added up (one shard: its summary as it is). */
  summary?: Record<string, unknown>;
  /** Message only, written for people: never a stack trace. */
  error?: string;
  createdAt: string;
  startedAt?: string;
  /** The last sign of life: an attempt starting or a progress write (lost-jobs.ts). */
  heartbeatAt?: string;
  finishedAt?: string;
}
