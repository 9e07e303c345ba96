import type { Clock } from '../../app/ports/clock.js';
import type { Logger } from '../../app/ports/logger.js';
import {
  DomainError,
  NotFoundError,
  UnavailableError,
  UnprocessableError,
  ValidationError,
} from '../../domain/shared/errors.js';
import { newId } from '../../domain/shared/ids.js';
import type { Page } from '../../domain/shared/page.js';
import { parseOrThrow } from '../catalog/zod-errors.js';
import type { JobLauncher } from '../ports/job-launcher.js';
import type { JobStore } from '../ports/job-store.js';
import type { JobEstimate, JobRecord, JobRunner } from './job-record.js';
import type { JobTypes } from './job-types.js';
import { type JobView, toJobView } from './job-view.js';
import { isLost, lostJobError } from './lost-jobs.js';
import { chooseRunner } from './runner-choice.js';

export interface JobSubmission {
  type: string;
  args: Record<string, unknown>;
}

/** The answer to POST /jobs. */
export interface SubmittedJob {
  id: string;
  status: 'queued';
  runner: JobRunner;
  reason: string;
}

export interface JobService {
  /** Validates, estimates, chooses the runner, records the job and starts it; resolves once it is started. */
  submit(submission: JobSubmission): Promise<SubmittedJob>;
  get(id: string): Promise<JobView>;
  /** Newest first, cursor-paginated. */
  list(query: { limit: number; cursor?: string }): Promise<Page<JobView>>;
  /** Marks an unfinished job failed: its process is gone without a word (crashed, killed). */
  abandon(id: string, error: string): Promise<void>;
}

export interface JobServiceDeps {
  types: JobTypes;
  store: JobStore;
  launcher: JobLauncher;
  clock: Clock;
  logger: Logger;
  /**
   * Whether this process's launcher still holds the job in a queue of its own (local child processes wait
   * for a free slot there): such a job is waiting its turn, not lost. Default: never.
   */
  waitingHere?(id: string): boolean;
}

export function createJobService(deps: JobServiceDeps): JobService {
  const { types, store, launcher, clock, logger } = deps;
  const now = () => clock.now().toISOString();

  /** A job past its runner's limits (running, or never started) is failed for good as it is read (lost-jobs.ts). */
  const settled = async (record: JobRecord): Promise<JobRecord> => {
    if (!isLost(record, clock.now().getTime(), deps.waitingHere?.(record.id) ?? false)) return record;
    const outcome = { status: 'failed' as const, error: lostJobError(record), finishedAt: now() };
    if (await store.finish(record.id, outcome)) {
      logger.warn('job lost', {
        jobId: record.id,
        runner: record.runner,
        status: record.status,
        heartbeatAt: record.heartbeatAt,
      });
      return { ...record, ...outcome };
    }
    // Finished by someone else meanwhile (its last shard, a retry): their outcome stands.
    return (await store.get(record.id)) ?? record;
  };

  return {
    async submit({ type, args }) {
      const job = await types.get(type);
      if (job === undefined) {
        const names = await types.names();
        throw new ValidationError('There is no job of that type.', [
          { path: 'type', message: `must be one of: ${names.join(', ')}` },
        ]);
      }
      const parsed = parseOrThrow(job.args, args, 'The job arguments are not valid.', 'args');
      // Before the estimate, which opens the input: nothing is read (or told) about a file the job may not use.
      const refused = (await job.refusedFiles?.(parsed)) ?? [];
      if (refused.length > 0) {
        throw new ValidationError('The job names files it may not use.', refused);
      }
      const estimate = await estimateOrExplain(() => job.estimate(parsed), type, logger);
      const { runner, reason, shards } = chooseRunner(estimate, job.shardable);
      const record: JobRecord = {
        id: newId(),
        type,
        // As sent (files as every runner names them): the runner parses them again with the same schema.
        args: job.recordedArgs?.(args) ?? args,
        status: 'queued',
        runner,
        reason,
        estimate,
        shards,
        shardProgress: {},
        shardResults: {},
        createdAt: now(),
      };
      await store.create(record);
      try {
        await launcher.launch({ id: record.id, type, runner, shards });
      } catch (error) {
        logger.error('job not started', { jobId: record.id, type, runner, error: String(error) });
        // A launcher that says why in our words (local job processes all busy, the server stopping) is quoted.
        const busy = error instanceof DomainError && error.kind === 'unavailable' ? error : undefined;
        await store.finish(record.id, {
          status: 'failed',
          error:
            busy?.message ??
            `The ${runner === 'lambda' ? 'Lambda function' : 'AWS Batch queue'} did not accept the job.`,
          finishedAt: now(),
        });
        if (busy !== undefined) throw busy;
        throw new UnavailableError('The job runner is unavailable: retry in a moment.', {
          retryAfterSeconds: 5,
          cause: error,
        });
      }
      logger.info('job submitted', { jobId: record.id, type, runner, seconds: estimate.seconds });
      return { id: record.id, status: 'queued', runner, reason };
    },

    async get(id) {
      const record = await store.get(id);
      if (record === undefined) throw new NotFoundError(`There is no job ${id}.`);
      return toJobView(await settled(record));
    },

    async list(query) {
      const page = await store.list(query);
      const records = await Promise.all(page.items.map(settled));
      return { items: records.map(toJobView), nextCursor: page.nextCursor };
    },

    async abandon(id, error) {
      const finished = await store.finish(id, { status: 'failed', error, finishedAt: now() });
      if (finished) logger.warn('job abandoned', { jobId: id, error });
    },
  };
}

/**
 * Estimating reads the job's input (a file's size, a count): a domain error says what is wrong with the
 * request; anything else (a missing file, an unreadable bucket) is told without the driver's words.
 */
async function estimateOrExplain(
  estimate: () => Promise<JobEstimate>,
  type: string,
  logger: Logger,
): Promise<JobEstimate> {
  try {
    return await estimate();
  } catch (error) {
    // A missing input is a problem with the request, not a missing resource: 404 would read as "no /jobs".
    if (error instanceof DomainError && error.kind === 'not_found') {
      throw new UnprocessableError(error.message, [
        { path: 'args', message: 'refers to an input that does not exist' },
      ]);
    }
    if (error instanceof DomainError) throw error;
    logger.warn('job not estimated', { type, error: String(error) });
    throw new UnprocessableError("The job's input could not be read to estimate its duration.", [
      { path: 'args', message: 'refers to an input that cannot be read (check the file or location)' },
    ]);
  }
}
