import { JOB_NAMES, type JobName } from '../../../src/jobs/job.js';

/** One job's container on AWS Batch: Fargate sizes (a valid vCPU/memory pair) and its time limit. */
export interface JobSpec {
  readonly vcpus: number;
  readonly memoryMiB: number;
  /** Batch stops (then fails) an attempt that runs longer; each retry gets the same limit. */
  readonly timeoutMinutes: number;
}

/**
 * Per-job sizes. The job names come from src/jobs/job.ts itself (the dependency rule for infra/ allows that
 * file: it holds names and types, no runtime imports), so a new job fails typechecking here until sized.
 */
export const JOB_SPECS: Readonly<Record<JobName, JobSpec>> = {
  // Streams the file and writes 25 items per BatchWriteItem: network-bound, constant memory.
  'import-catalog': { vcpus: 1, memoryMiB: 2048, timeoutMinutes: 240 },
  'export-catalog': { vcpus: 0.5, memoryMiB: 1024, timeoutMinutes: 120 },
  // sharp decodes up to 50 MP (~200 MB of pixels) and encodes AVIF/WebP in parallel: CPU-bound.
  'reoptimize-images': { vcpus: 2, memoryMiB: 4096, timeoutMinutes: 240 },
  // One SQL aggregation streamed to a file.
  'sales-report': { vcpus: 0.5, memoryMiB: 1024, timeoutMinutes: 60 },
  // A few short transactions a minute (on the jobs Lambda; Batch only were a run ever to need it).
  'cancel-unpaid-orders': { vcpus: 0.25, memoryMiB: 512, timeoutMinutes: 15 },
};

export { JOB_NAMES, type JobName };
