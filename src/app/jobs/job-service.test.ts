import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { useDynamoTables } from '../../../test/support/dynamodb.js';
import { createDynamoJobStore } from '../../adapters/dynamodb/job-store.js';
import { type DomainError, UnavailableError } from '../../domain/shared/errors.js';
import { systemClock } from '../ports/clock.js';
import type { JobLaunch, JobLauncher } from '../ports/job-launcher.js';
import { silentLogger } from '../ports/logger.js';
import { createJobService } from './job-service.js';
import type { JobTypes, SubmittableJob } from './job-types.js';
import { type RunnableJob, runRecordedJob } from './run-recorded-job.js';

const harness = useDynamoTables('job-service');

/** A stand-in job: `rows` rows at 2 ms each; `fail` makes its body throw, `transient` as a retryable error. */
const countArgs = z.strictObject({ rows: z.number().int().min(0), fail: z.string().optional() });
class RetryLater extends Error {}
const countJob: SubmittableJob & RunnableJob = {
  args: countArgs,
  shardable: true,
  async estimate(args) {
    const { rows } = args as z.output<typeof countArgs>;
    return {
      units: rows,
      unit: 'rows',
      msPerUnit: 2,
      seconds: (rows * 2) / 1000,
      basis: `${rows} rows × 2 ms`,
    };
  },
  async run(args, { onProgress, signal }) {
    const { rows, fail } = args as z.output<typeof countArgs>;
    onProgress({ done: 0, total: rows, unit: 'rows' });
    if (fail === 'slow') {
      if (!signal.aborted)
        await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
      throw new RetryLater('interrupted');
    }
    if (fail === 'transient') throw new RetryLater('storage busy');
    if (fail !== undefined) throw new Error(`${fail}\n    at secretFrame (/srv/app.js:1:1)`);
    onProgress({ done: rows, total: rows, unit: 'rows' });
    return { read: rows, imported: rows, rejected: 0 };
  },
};
const types: JobTypes = {
  names: async () => ['count'],
  get: async (name) => (name === 'count' ? countJob : undefined),
};

async function setUp(launcher?: JobLauncher) {
  const store = createDynamoJobStore({
    client: harness.client(),
    tableName: await harness.freshTable(),
    clock: systemClock,
  });
  const launches: JobLaunch[] = [];
  const jobs = createJobService({
    types,
    store,
    launcher: launcher ?? { launch: async (job) => void launches.push(job) },
    clock: systemClock,
    logger: silentLogger,
  });
  const run = (
    id: string,
    shard?: string,
    options: { signal?: AbortSignal; deadlineMessage?: string } = {},
  ) =>
    runRecordedJob(
      {
        store,
        clock: systemClock,
        logger: silentLogger,
        job: (type) => (type === 'count' ? countJob : undefined),
        isTransient: (error) => error instanceof RetryLater,
      },
      id,
      { shard, ...options },
    );
  return { jobs, launches, run, store };
}

const thrown = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

describe('progress of a run', () => {
  it('a progress write still in flight when the job ends never overwrites the final progress', async () => {
    const { jobs, run, store } = await setUp();
    // The first progress write is held back, as on a slow connection, and lands right after the shard's
    // result is recorded (before the job is marked finished) if the run has not waited for it by then.
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let landed: Promise<void> | undefined;
    const reportProgress = store.reportProgress.bind(store);
    store.reportProgress = (...args) => {
      if (landed !== undefined) return reportProgress(...args);
      landed = held.then(() => reportProgress(...args));
      // Released anyway soon after, so a run that waits for it is not left waiting forever.
      setTimeout(release, 200);
      return landed;
    };
    const recordShardResult = store.recordShardResult.bind(store);
    store.recordShardResult = async (...args) => {
      const after = await recordShardResult(...args);
      release();
      await landed;
      return after;
    };
    const { id } = await jobs.submit({ type: 'count', args: { rows: 1000 } });
    expect(await run(id)).toBe('succeeded');
    expect((await jobs.get(id)).progress).toEqual({ done: 1000, total: 1000, unit: 'rows' });
  });
});

describe('jobs: submit and run', () => {
  it('records a short job for Lambda, starts it, and the run fills in progress and summary', async () => {
    const { jobs, launches, run } = await setUp();
    const submitted = await jobs.submit({ type: 'count', args: { rows: 1000 } });
    expect(submitted).toMatchObject({ status: 'queued', runner: 'lambda' });
    expect(submitted.reason).toBe(
      "About 2 seconds for 1000 rows × 2 ms, which fits Lambda's 10-minute budget.",
    );
    expect(launches).toEqual([{ id: submitted.id, type: 'count', runner: 'lambda', shards: 1 }]);
    expect(await jobs.get(submitted.id)).toMatchObject({ status: 'queued', progress: null, startedAt: null });

    expect(await run(submitted.id)).toBe('succeeded');
    const done = await jobs.get(submitted.id);
    expect(done).toMatchObject({
      status: 'succeeded',
      summary: { read: 1000, imported: 1000, rejected: 0 },
      progress: { done: 1000, total: 1000, unit: 'rows' },
      error: null,
      report: null,
    });
    expect(Date.parse(done.finishedAt as string)).toBeGreaterThanOrEqual(
      Date.parse(done.startedAt as string),
    );
    // Delivered twice (Lambda async retry): nothing runs again.
    expect(await run(submitted.id)).toBe('finished-before');
    expect(await run('nope')).toBe('missing');
  });

  it('sends a long shardable job to Batch as an array job; it succeeds when every shard has', async () => {
    const { jobs, launches, run } = await setUp();
    const submitted = await jobs.submit({ type: 'count', args: { rows: 3_600_000 } });
    expect(submitted.runner).toBe('batch');
    expect(submitted.reason).toMatch(
      /^About 2 hours for 3600000 rows × 2 ms, beyond Lambda's 10-minute budget/,
    );
    expect(launches[0]?.shards).toBe(8);
    for (let shard = 0; shard < 7; shard++) expect(await run(submitted.id, String(shard))).toBe('succeeded');
    expect((await jobs.get(submitted.id)).status).toBe('running');
    await run(submitted.id, '7');
    expect(await jobs.get(submitted.id)).toMatchObject({
      status: 'succeeded',
      summary: { read: 8 * 3_600_000, imported: 8 * 3_600_000, rejected: 0 },
    });
  });

  it('ends failed with the first line of the message when the body throws; a transient error waits for a retry', async () => {
    const { jobs, run } = await setUp();
    const failing = await jobs.submit({ type: 'count', args: { rows: 5, fail: 'The file has no rows.' } });
    expect(await run(failing.id)).toBe('failed');
    const failed = await jobs.get(failing.id);
    expect(failed).toMatchObject({ status: 'failed', error: 'The file has no rows.', summary: null });
    expect(failed.finishedAt).not.toBeNull();

    const busy = await jobs.submit({ type: 'count', args: { rows: 5, fail: 'transient' } });
    expect(await run(busy.id)).toBe('transient');
    expect(await jobs.get(busy.id)).toMatchObject({ status: 'running', error: null });
    await jobs.abandon(busy.id, 'The job process exited with code 75.');
    expect(await jobs.get(busy.id)).toMatchObject({
      status: 'failed',
      error: 'The job process exited with code 75.',
    });
  });

  it('fails a run stopped at a final deadline (the Lambda time limit) instead of leaving it for a retry', async () => {
    const { jobs, run } = await setUp();
    const slow = await jobs.submit({ type: 'count', args: { rows: 5, fail: 'slow' } });
    const deadline = new AbortController();
    const running = run(slow.id, undefined, { signal: deadline.signal, deadlineMessage: 'Out of time.' });
    deadline.abort();
    expect(await running).toBe('failed');
    expect(await jobs.get(slow.id)).toMatchObject({ status: 'failed', error: 'Out of time.' });
  });

  it('rejects an unknown type or bad args naming the field, and answers 404 for an unknown id', async () => {
    const { jobs, launches } = await setUp();
    const unknown = await thrown(jobs.submit({ type: 'nope', args: {} }));
    expect(unknown).toMatchObject({
      kind: 'validation',
      errors: [{ path: 'type', message: 'must be one of: count' }],
    });
    const bad = await thrown(jobs.submit({ type: 'count', args: { rows: 'many', extra: 1 } }));
    expect((bad as DomainError).errors.map((e) => e.path).sort()).toEqual(['args.extra', 'args.rows']);
    expect(launches).toEqual([]);
    expect(await thrown(jobs.get('nope'))).toMatchObject({ kind: 'not_found' });
  });

  it('records the job failed and answers 503 when the runner refuses it', async () => {
    const { jobs } = await setUp({
      launch: async () => {
        throw new Error('AccessDeniedException: not authorized to perform batch:SubmitJob');
      },
    });
    const error = await thrown(jobs.submit({ type: 'count', args: { rows: 5 } }));
    expect(error).toMatchObject({ kind: 'unavailable' });
    expect((error as Error).message).not.toMatch(/AccessDenied/);
  });

  it('passes on a launcher’s own 503 (every local job process busy) and records the job failed with its words', async () => {
    const busy = new UnavailableError('100 jobs are already waiting for one of the 2 job processes.', {
      retryAfterSeconds: 60,
    });
    const { jobs } = await setUp({
      launch: async () => {
        throw busy;
      },
    });
    expect(await thrown(jobs.submit({ type: 'count', args: { rows: 5 } }))).toBe(busy);
    const [recorded] = (await jobs.list({ limit: 1 })).items;
    expect(recorded).toMatchObject({
      status: 'failed',
      error: '100 jobs are already waiting for one of the 2 job processes.',
    });
  });
});
