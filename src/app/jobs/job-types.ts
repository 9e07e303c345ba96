import type { FieldError } from '../../domain/shared/errors.js';
import type * as z from '../../domain/shared/zod.js';
import type { JobEstimate } from './job-record.js';

/** One kind of job as submitting needs it: the args schema and the job's own estimate. */
export interface SubmittableJob {
  /** The CLI options by name; also the `args` of POST /jobs. */
  args: z.core.$ZodType;
  estimate(args: unknown): Promise<JobEstimate>;
  /**
   * The files the (parsed) args name that this runtime will not let the job use, as field errors
   * (`args.file`: "must be a path relative to the jobs folder"); empty when all are fine. Absent: the job
   * names no files.
   */
  refusedFiles?(args: unknown): Promise<FieldError[]>;
  /**
   * The args as the job is recorded and run: each file as every runner reads it, whatever its own
   * configuration (a bare key in the jobs bucket becomes `s3://<bucket>/<key>`). Absent: as sent.
   */
  recordedArgs?(args: Record<string, unknown>): Record<string, unknown>;
  /** Runs as an AWS Batch array job when long (each shard takes its part, e.g. reoptimize-images). */
  shardable?: boolean;
}

/**
 * The job kinds by name; composition builds it from the job registry (src/jobs), which app/ cannot import.
 * Asynchronous, so the registry (parsers, bulk writers) loads on the first submission, not at cold start.
 */
export interface JobTypes {
  names(): Promise<readonly string[]>;
  get(name: string): Promise<SubmittableJob | undefined>;
}
