import type * as z from '../domain/shared/zod.js';
import type { JobServices } from './job-services.js';

/**
 * A job is a body of long or bulk work that runs the same way everywhere: `npm run job -- <name>` on a
 * laptop, a child process of `npm start`, an asynchronous Lambda invocation, or an AWS Batch container.
 * Bodies see only ports (JobServices), never an SDK.
 */
export const JOB_NAMES = [
  'import-catalog',
  'export-catalog',
  'reoptimize-images',
  'sales-report',
  'cancel-unpaid-orders',
] as const;
export type JobName = (typeof JOB_NAMES)[number];

/** How far a run got, in the job's own unit (rows, images, orders). `total` is unknown while streaming. */
export interface JobProgress {
  done: number;
  total?: number;
  unit: string;
}

export interface JobContext {
  services: JobServices;
  /** Called often; consumers (progress bar, job record) throttle as they need. */
  onProgress(progress: JobProgress): void;
  /** Aborted on SIGTERM (Batch stopping a Spot instance, Lambda timeout near): stop cleanly, exit 75. */
  signal: AbortSignal;
}

/**
 * How long a run is expected to take, and why: `seconds = units × msPerUnit / 1000`, with msPerUnit measured
 * (bench/) rather than guessed. The runner choice (Lambda up to 10 minutes, Batch beyond) rests on it.
 */
export interface DurationEstimate {
  units: number;
  unit: string;
  msPerUnit: number;
  seconds: number;
  /** Plain words, e.g. "≈ 120,000 rows (file size 9.1 MB ÷ 76 bytes per sampled row) × 0.9 ms per row". */
  basis: string;
}

export interface JobDefinition<Args = unknown, Summary extends object = Record<string, unknown>> {
  name: JobName;
  /** One line for `npm run job -- --help`. */
  description: string;
  /** The CLI options by name (`--file x` = `{ file: 'x' }`), also the `args` of POST /jobs. */
  args: z.ZodMiniType<Args>;
  /**
   * The args that name files, and whether the job reads or writes each: POST /jobs refuses locations outside
   * the jobs folder or bucket before recording the job (400 naming `args.<name>`).
   */
  files?: Readonly<Partial<Record<keyof Args & string, 'read' | 'write'>>>;
  estimate(args: Args, services: JobServices): Promise<DurationEstimate>;
  /** Resolves with the summary (imports: `{ read, imported, unchanged, rejected }`, plus `report` when written). */
  run(args: Args, context: JobContext): Promise<Summary>;
}

/** A failure worth retrying (storage busy, interrupted): the CLI exits 75 (EX_TEMPFAIL), Batch retries on it. */
export class TransientJobError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TransientJobError';
  }
}

/** Exit codes of `npm run job` and the Batch container. */
export const JOB_EXIT = { succeeded: 0, failed: 1, usage: 2, transient: 75 } as const;
