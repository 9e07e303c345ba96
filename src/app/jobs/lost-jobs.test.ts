import { describe, expect, it } from 'vitest';
import { useDynalite } from '../../../test/contract/dynalite-harness.js';
import { createDynamoJobStore } from '../../adapters/dynamodb/job-store.js';
import * as z from '../../domain/shared/zod.js';
import type { Clock } from '../ports/clock.js';
import { silentLogger } from '../ports/logger.js';
import { createJobService } from './job-service.js';
import type { JobTypes } from './job-types.js';
import { LOST_AFTER_MS } from './lost-jobs.js';

const harness = useDynalite('lost-jobs');
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

async function setUp() {
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

  it('gives AWS Batch jobs their longer limits, and never fails a job that has not started', async () => {
    const { jobs, store, at } = await setUp();
    const batch = await jobs.submit({ type: 'count', args: { rows: 1_000_000 } });
    expect(batch.runner).toBe('batch');
    const queued = await jobs.submit({ type: 'count', args: { rows: 100 } });
    await store.markRunning(batch.id, at(0));

    at(LOST_AFTER_MS.lambda * 3);
    expect((await jobs.get(batch.id)).status).toBe('running');
    at(LOST_AFTER_MS.batch + MINUTE);
    const listed = (await jobs.list({ limit: 10 })).items;
    expect(listed.find((job) => job.id === batch.id)?.status).toBe('failed');
    // Queued: it may still be waiting for capacity or for Lambda's asynchronous queue.
    expect(listed.find((job) => job.id === queued.id)?.status).toBe('queued');
  });
});
