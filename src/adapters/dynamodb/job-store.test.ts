import { describe, expect, it } from 'vitest';
import { useDynamoTables } from '../../../test/support/dynamodb.js';
import type { JobRecord } from '../../app/jobs/job-record.js';
import { createDynamoJobStore, PROGRESS_INTERVAL_MS } from './job-store.js';

const harness = useDynamoTables('jobs');

function queuedJob(overrides: Partial<JobRecord> = {}): JobRecord {
  return {
    id: `job-${Math.random().toString(36).slice(2)}`,
    type: 'import-catalog',
    args: { file: 'catalog.jsonl' },
    status: 'queued',
    runner: 'lambda',
    reason: "≈ 1 s (10 rows × 2 ms): fits Lambda's 10-minute budget",
    estimate: { units: 10, unit: 'rows', msPerUnit: 2, seconds: 0.02, basis: '10 rows × 2 ms' },
    shards: 1,
    shardProgress: {},
    shardResults: {},
    createdAt: '2026-11-26T20:00:00.000Z',
    ...overrides,
  };
}

async function storeWithClock() {
  let now = Date.parse('2026-11-26T20:00:00.000Z');
  const clock = { now: () => new Date(now) };
  const store = createDynamoJobStore({
    client: harness.client(),
    tableName: await harness.freshTable(),
    clock,
  });
  return { store, advance: (ms: number) => (now += ms) };
}

describe('DynamoDB job store', () => {
  it('keeps a job as created and marks it running once, keeping the first start time', async () => {
    const { store } = await storeWithClock();
    const job = queuedJob();
    await store.create(job);
    expect(await store.get(job.id)).toEqual(job);

    expect(await store.markRunning(job.id, '2026-11-26T20:00:01.000Z')).toMatchObject({ status: 'running' });
    // A retry (Batch attempt 2) runs again but the job started when it first started.
    const again = await store.markRunning(job.id, '2026-11-26T20:05:00.000Z');
    expect(again?.startedAt).toBe('2026-11-26T20:00:01.000Z');
    expect(await store.markRunning('no-such-job', '2026-11-26T20:00:01.000Z')).toBeUndefined();
    expect(await store.get('no-such-job')).toBeUndefined();
  });

  it('never runs or rewinds a finished job', async () => {
    const { store } = await storeWithClock();
    const job = queuedJob();
    await store.create(job);
    await store.markRunning(job.id, '2026-11-26T20:00:01.000Z');
    const outcome = {
      status: 'succeeded' as const,
      summary: { read: 2 },
      finishedAt: '2026-11-26T20:00:02.000Z',
    };
    expect(await store.finish(job.id, outcome)).toBe(true);
    expect(await store.finish(job.id, { status: 'failed', error: 'late', finishedAt: 'x' })).toBe(false);
    expect(await store.markRunning(job.id, '2026-11-26T20:00:03.000Z')).toBeUndefined();
    expect(await store.recordShardResult(job.id, '0', { ok: false, error: 'late' })).toBeUndefined();
    expect(await store.get(job.id)).toMatchObject({ status: 'succeeded', summary: { read: 2 } });
    expect((await store.get(job.id))?.error).toBeUndefined();
  });

  it('writes progress at most once a second per shard', async () => {
    const { store, advance } = await storeWithClock();
    const job = queuedJob();
    await store.create(job);
    await store.markRunning(job.id, '2026-11-26T20:00:01.000Z');
    await store.reportProgress(job.id, '0', { done: 1, total: 100, unit: 'rows' });
    await store.reportProgress(job.id, '0', { done: 2, total: 100, unit: 'rows' });
    expect((await store.get(job.id))?.shardProgress).toEqual({ '0': { done: 1, total: 100, unit: 'rows' } });
    advance(PROGRESS_INTERVAL_MS);
    await store.reportProgress(job.id, '0', { done: 50, total: 100, unit: 'rows' });
    expect((await store.get(job.id))?.shardProgress['0']?.done).toBe(50);
  });

  it('keeps each shard of an array job apart, a duplicate result written once', async () => {
    const { store } = await storeWithClock();
    const job = queuedJob({ type: 'reoptimize-images', runner: 'batch', shards: 2 });
    await store.create(job);
    await store.markRunning(job.id, '2026-11-26T20:00:01.000Z');
    const first = await store.recordShardResult(
      job.id,
      '1',
      { ok: true, summary: { images: 3 } },
      {
        done: 3,
        unit: 'images',
      },
    );
    expect(Object.keys(first?.shardResults ?? {})).toEqual(['1']);
    const duplicate = await store.recordShardResult(job.id, '1', { ok: false, error: 'again' });
    expect(duplicate?.shardResults['1']).toEqual({ ok: true, summary: { images: 3 } });
    const second = await store.recordShardResult(job.id, '0', { ok: true, summary: { images: 4 } });
    expect(second?.shardResults).toEqual({
      '0': { ok: true, summary: { images: 4 } },
      '1': { ok: true, summary: { images: 3 } },
    });
    expect(second?.shardProgress).toEqual({ '1': { done: 3, unit: 'images' } });
  });

  it('lists jobs newest first, a page at a time, with a cursor only while more remain', async () => {
    const { store } = await storeWithClock();
    const ids = ['a', 'b', 'c', 'd', 'e'];
    for (const [i, id] of ids.entries()) {
      await store.create(queuedJob({ id, createdAt: `2026-11-26T20:00:0${i}.000Z` }));
    }
    const first = await store.list({ limit: 2 });
    expect(first.items.map((job) => job.id)).toEqual(['e', 'd']);
    expect(first.items[0]).toEqual(queuedJob({ id: 'e', createdAt: '2026-11-26T20:00:04.000Z' }));
    const second = await store.list({ limit: 2, cursor: first.nextCursor as string });
    expect(second.items.map((job) => job.id)).toEqual(['c', 'b']);
    const last = await store.list({ limit: 2, cursor: second.nextCursor as string });
    expect(last).toEqual({ items: [expect.objectContaining({ id: 'a' })], nextCursor: null });
    await expect(store.list({ limit: 2, cursor: 'bm90LWEtY3Vyc29y' })).rejects.toMatchObject({
      kind: 'validation',
      errors: [{ path: 'cursor', message: 'is not a cursor returned by this list' }],
    });
  });
});
