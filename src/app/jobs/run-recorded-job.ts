import type { Clock } from '../ports/clock.js';
import type { JobStore } from '../ports/job-store.js';
import type { Logger } from '../ports/logger.js';
import type { JobProgressValue, JobRecord } from './job-record.js';
import { mergeSummaries } from './job-view.js';

/** One job body as a runner sees it (src/jobs JobDefinition.run with its services bound). */
export interface RunnableJob {
  args: { safeParse(value: unknown): { success: true; data: unknown } | { success: false } };
  run(
    args: unknown,
    context: { onProgress(progress: JobProgressValue): void; signal: AbortSignal },
  ): Promise<object>;
}

export interface RunRecordedJobDeps {
  store: JobStore;
  clock: Clock;
  logger: Logger;
  job(type: string): RunnableJob | undefined;
  /** Worth retrying (storage busy, interrupted): the record stays running for the runner's next attempt. */
  isTransient(error: unknown): boolean;
}

/**
 * - succeeded / failed: this run ended so (the job as a whole may wait for other shards);
 * - transient: stopped by something a retry may fix, the record stays `running`;
 * - finished-before: a duplicate delivery of a finished job, nothing done; missing: no such job.
 */
export type RecordedRunOutcome = 'succeeded' | 'failed' | 'transient' | 'finished-before' | 'missing';

/**
 * Runs a recorded job (`npm run job -- --job-id <id>`, the Batch container, the jobs Lambda): marks it
 * running, reports progress into the record, and records how it ended. `shard` is the array index of an
 * AWS Batch array job ("0" otherwise); the job finishes when its last shard does.
 */
export async function runRecordedJob(
  deps: RunRecordedJobDeps,
  jobId: string,
  options: {
    shard?: string;
    signal?: AbortSignal;
    /**
     * Set when an abort is final (the jobs Lambda's time is up: a retry would hit the same wall): the run then
     * fails with this message instead of waiting for a retry.
     */
    deadlineMessage?: string;
  } = {},
): Promise<RecordedRunOutcome> {
  const { store, logger } = deps;
  const shard = options.shard ?? '0';
  const now = () => deps.clock.now().toISOString();
  const record = await store.markRunning(jobId, now());
  if (record === undefined) return (await store.get(jobId)) === undefined ? 'missing' : 'finished-before';

  const job = deps.job(record.type);
  const parsed = job?.args.safeParse(record.args);
  if (job === undefined || parsed === undefined || !parsed.success) {
    const error =
      job === undefined ? `There is no job ${record.type} here.` : 'The recorded args are not valid.';
    await finishShard(deps, record, shard, { ok: false, error }, undefined);
    return 'failed';
  }

  let latest: JobProgressValue | undefined;
  // Progress writes in flight: the result waits for them, or a late one would overwrite the final progress.
  const writing = new Set<Promise<void>>();
  const onProgress = (progress: JobProgressValue) => {
    latest = { ...progress };
    const write = store.reportProgress(jobId, shard, latest).catch((error: unknown) => {
      // Progress is a courtesy: a failed write must not fail the job.
      logger.warn('job progress not recorded', { jobId, error: String(error) });
    });
    writing.add(write);
    void write.finally(() => writing.delete(write));
  };
  const progressWritten = () => Promise.all(writing);
  try {
    const summary = await job.run(parsed.data, {
      onProgress,
      signal: options.signal ?? new AbortController().signal,
    });
    await progressWritten();
    await finishShard(deps, record, shard, { ok: true, summary: { ...summary } }, latest);
    return 'succeeded';
  } catch (error) {
    const outOfTime = options.signal?.aborted === true && options.deadlineMessage !== undefined;
    if (!outOfTime && deps.isTransient(error)) {
      logger.warn('job interrupted, left for a retry', { jobId, shard, error: String(error) });
      return 'transient';
    }
    logger.error('job failed', { jobId, shard, error: String(error) });
    const message = outOfTime ? (options.deadlineMessage as string) : cleanMessage(error);
    await progressWritten();
    await finishShard(deps, record, shard, { ok: false, error: message }, latest);
    return 'failed';
  }
}

async function finishShard(
  deps: RunRecordedJobDeps,
  record: JobRecord,
  shard: string,
  result: Parameters<RunRecordedJobDeps['store']['recordShardResult']>[2],
  progress: JobProgressValue | undefined,
): Promise<void> {
  const after = await deps.store.recordShardResult(record.id, shard, result, progress);
  if (after === undefined) return;
  const results = Object.entries(after.shardResults);
  if (results.length < after.shards) return;
  const failures = results.flatMap(([index, r]) =>
    r.ok ? [] : [after.shards > 1 ? `shard ${index}: ${r.error}` : r.error],
  );
  const summaries = results.flatMap(([, r]) => (r.ok ? [r.summary] : []));
  await deps.store.finish(record.id, {
    status: failures.length === 0 ? 'succeeded' : 'failed',
    ...(summaries.length > 0 ? { summary: mergeSummaries(summaries) } : {}),
    ...(failures.length > 0 ? { error: failures.join('; ') } : {}),
    finishedAt: deps.clock.now().toISOString(),
  });
}

/**
 * What a failed job's record says: the first line of the job's own message, never a stack, cut when long.
 * A driver's error is told in our words (the operation, the caller's own path or the error's name): its
 * text may carry internals (ARNs, hosts) that an API answer must not.
 */
export function cleanMessage(error: unknown): string {
  const system = error as { code?: unknown; syscall?: unknown; path?: unknown };
  const aws = error as { $metadata?: unknown; name?: unknown };
  let text: string;
  if (typeof system.code === 'string' && typeof system.syscall === 'string') {
    const where = typeof system.path === 'string' ? ` ${system.path}` : '';
    text = `A file operation failed: ${system.syscall}${where} (${system.code}).`;
  } else if (typeof aws.$metadata === 'object' && aws.$metadata !== null) {
    text = `An AWS request failed (${String(aws.name)}).`;
  } else {
    text = error instanceof Error ? error.message : String(error);
  }
  const line = text.split('\n')[0]?.trim() || 'The job failed.';
  return line.length > 500 ? `${line.slice(0, 497)}...` : line;
}
