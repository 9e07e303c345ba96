import type { JobRunner } from '../jobs/job-record.js';

/** What a launcher needs to start a recorded job: the runner reads everything else from the record. */
export interface JobLaunch {
  id: string;
  type: string;
  runner: JobRunner;
  /** More than 1: an AWS Batch array job of that many shards. */
  shards: number;
}

/**
 * Starts a recorded job somewhere else and returns without waiting for it: an asynchronous Lambda invocation,
 * an AWS Batch job, or locally a child process. The job itself moves its record to running and beyond.
 */
export interface JobLauncher {
  launch(job: JobLaunch): Promise<void>;
}

/** The launcher could not start the job (the runner refused or is unreachable); `cause` keeps the SDK's error. */
export class JobLaunchError extends Error {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, options);
    this.name = 'JobLaunchError';
  }
}
