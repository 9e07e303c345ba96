import { describe, expect, it } from 'vitest';
import { useDynamoTables } from '../../../test/support/dynamodb.js';
import { createDynamoJobStore } from '../../adapters/dynamodb/job-store.js';
import * as z from '../../domain/shared/zod.js';
import type { Clock } from '../ports/clock.js';
import { silentLogger } from '../ports/logger.js';
import { createJobService } from './job-service.js';
import type { JobTypes } from './job-types.js';
import { LOST_AFTER_MS, START_LIMIT_MS } from './lost-jobs.js';

const harness = useDynamoTables('lost-jobs');
const MINUTE = 60_000;

/** A job type whose estimate is `rows` × 2 ms: 100 rows go to Lambda, 1,000,000 (33 min) to AWS Batch. */
const types: JobTypes = {
  names: async () => ['count'],
  get: async () => ({
    args: z.object({ rows: z.number() }),
    shardable: false,
    estimate: async (args) => {
      const rows = (args as { rows: number }).rows;
      return { units: rows, unit: 'rows', msPerUnit: 2, seconds: rows / 500, basis: `${rows} rows` };
    },
  }),
};

async function setUp(options: { waitingHere?: (id: string) => boolean } = {}) {
  let nowMs = Date.parse('2026-11-26T08:00:00.000Z');
  const clock: Clock = { now: () => new Date(nowMs) };
  const store = createDynamoJobStore({
    client: harness.client(),
    tableName: await harness.freshTable(),
    clock,
  });
  const jobs = createJobService({
    types,
    store,
    launcher: { launch: async () => {} },
    clock,
    logger: silentLogger,
    ...options,
  });
  const at = (ms: number) => {
    nowMs = Date.parse('2026-11-26T08:00:00.000Z') + ms;
    return new Date(nowMs).toISOString();
  };
  return { jobs, store, at };
}

describe('jobs whose process died', () => {
  it('a running Lambda job with no sign of life beyond Lambda’s limits is failed for good when read', async () => {
    const { jobs, store, at } = await setUp();
    const { id, runner } = await jobs.submit({ type: 'count', args: { rows: 100 } });
    expect(runner).toBe('lambda');
    await store.markRunning(id, at(0));
    at(10 * MINUTE);
    await store.reportProgress(id, '0', { done: 50, total: 100, unit: 'rows' });

    at(10 * MINUTE + LOST_AFTER_MS.lambda - MINUTE);
    expect((await jobs.get(id)).status).toBe('running');

    at(10 * MINUTE + LOST_AFTER_MS.lambda + MINUTE);
    const lost = await jobs.get(id);
    expect(lost).toMatchObject({ status: 'failed', progress: { done: 50, total: 100 } });
    expect(lost.error).toMatch(/no sign of life for over 20 minutes/);
    expect(lost.finishedAt).toBe(at(10 * MINUTE + LOST_AFTER_MS.lambda + MINUTE));
    expect((await jobs.list({ limit: 10 })).items[0]).toMatchObject({ id, status: 'failed' });
    // A retry that starts after all is not run: the job stays failed.
    expect(await store.markRunning(id, at(2 * LOST_AFTER_MS.lambda))).toBeUndefined();
    expect((await jobs.get(id)).status).toBe('failed');
  });

  it('gives AWS Batch jobs their longer limits', async () => {
    const { jobs, store, at } = await setUp();
    const batch = await jobs.submit({ type: 'count', args: { rows: 1_000_000 } });
    expect(batch.runner).toBe('batch');
    await store.markRunning(batch.id, at(0));

    at(LOST_AFTER_MS.lambda * 3);
    expect((await jobs.get(batch.id)).status).toBe('running');
    at(LOST_AFTER_MS.batch + MINUTE);
    const listed = (await jobs.list({ limit: 10 })).items;
    expect(listed.find((job) => job.id === batch.id)?.status).toBe('failed');
  });
});

describe('jobs that never started', () => {
  it('a queued job is left queued while its runner may still start it, then failed saying it never started', async () => {
    const { jobs, at } = await setUp();
    const lambda = await jobs.submit({ type: 'count', args: { rows: 100 } });
    const batch = await jobs.submit({ type: 'count', args: { rows: 1_000_000 } });

    // Lambda's asynchronous queue may hold the event for an hour; Batch may wait for capacity.
    at(START_LIMIT_MS.lambda - MINUTE);
    expect((await jobs.get(lambda.id)).status).toBe('queued');

    at(START_LIMIT_MS.lambda + MINUTE);
    const lost = await jobs.get(lambda.id);
    expect(lost).toMatchObject({ status: 'failed', startedAt: null, progress: null });
    expect(lost.error).toBe(
      'The job never started: queued for over 90 minutes, longer than Lambda keeps a job waiting. Submit it again.',
    );
    expect((await jobs.get(batch.id)).status).toBe('queued');

    at(START_LIMIT_MS.batch + MINUTE);
    const listed = (await jobs.list({ limit: 10 })).items;
    expect(listed.find((job) => job.id === batch.id)).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/^The job never started: queued for over 360 minutes/),
    });
  });

  it('a job the runner starts after all is not run once it has been failed', async () => {
    const { jobs, store, at } = await setUp();
    const { id } = await jobs.submit({ type: 'count', args: { rows: 100 } });
    at(START_LIMIT_MS.lambda + MINUTE);
    expect((await jobs.get(id)).status).toBe('failed');
    expect(await store.markRunning(id, at(START_LIMIT_MS.lambda + 2 * MINUTE))).toBeUndefined();
  });

  it('never fails a job still waiting its turn in this process (local job processes all busy)', async () => {
    const waiting = new Set<string>();
    const { jobs, at } = await setUp({ waitingHere: (id) => waiting.has(id) });
    const { id } = await jobs.submit({ type: 'count', args: { rows: 100 } });
    waiting.add(id);
    at(START_LIMIT_MS.lambda * 4);
    expect((await jobs.get(id)).status).toBe('queued');
    waiting.delete(id);
    expect((await jobs.get(id)).status).toBe('failed');
  });
});
