import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createJwtVerifier } from '../../src/adapters/auth/jwt-verifier.js';
import { loadOrCreateLocalSigningKey, signLocalToken } from '../../src/adapters/auth/local-signing-key.js';
import { createDynamoIdempotencyStore } from '../../src/adapters/dynamodb/idempotency-store.js';
import { createDynamoJobStore } from '../../src/adapters/dynamodb/job-store.js';
import { ensureTable } from '../../src/adapters/dynamodb/table-schema.js';
import { createMemoryCatalogRepository } from '../../src/adapters/memory/catalog-repository.js';
import { createCatalogService } from '../../src/app/catalog/catalog-service.js';
import { runRecordedJob } from '../../src/app/jobs/run-recorded-job.js';
import { systemClock } from '../../src/app/ports/clock.js';
import type { JobLaunch } from '../../src/app/ports/job-launcher.js';
import { silentLogger } from '../../src/app/ports/logger.js';
import type { Role } from '../../src/app/ports/token-verifier.js';
import { createJobs, type JobDefinitions, jobTypesFrom } from '../../src/composition/create-jobs.js';
import { loadApiConfig } from '../../src/config/config.js';
import { createApp } from '../../src/http/app.js';
import type { JobDefinition } from '../../src/jobs/job.js';
import type { JobServices } from '../../src/jobs/job-services.js';
import { testDynamo, uniqueTableName } from '../support/dynamodb.js';
import { checkResponsesOf } from '../support/openapi-contract.js';
import { json } from '../support/test-api.js';

/**
 * POST /jobs and GET /jobs/{id} through the whole app, records in DynamoDB Local. The jobs here are stand-ins whose
 * size the test chooses (import-catalog itself runs in test/e2e/jobs-api-local.test.ts); the launcher runs
 * each recorded job in this process, as the jobs Lambda would.
 */
const rowsArgs = z.strictObject({ rows: z.number().int().min(0) });
const countRows: JobDefinition<z.output<typeof rowsArgs>> = {
  name: 'import-catalog',
  description: 'Counts rows at 2 ms each.',
  args: rowsArgs,
  async estimate({ rows }) {
    return {
      units: rows,
      unit: 'rows',
      msPerUnit: 2,
      seconds: (rows * 2) / 1000,
      basis: `${rows.toLocaleString('en')} rows at 2 ms per row`,
    };
  },
  async run({ rows }, { onProgress }) {
    for (let done = 0; done <= rows; done += 100) onProgress({ done, total: rows, unit: 'rows' });
    return { read: rows, imported: rows - 1, rejected: 1, report: '/tmp/catalog.jsonl.rejected.jsonl' };
  },
};
const explode: JobDefinition = {
  name: 'export-catalog',
  description: 'Always fails.',
  args: z.strictObject({}),
  async estimate() {
    return { units: 1, unit: 'rows', msPerUnit: 1, seconds: 0, basis: '1 row at 1 ms per row' };
  },
  async run() {
    throw new Error(
      'The catalog could not be written to /nowhere: no such directory.\n    at write (/srv/job.js:10:3)',
    );
  },
};
const DEFINITIONS: JobDefinitions = { 'import-catalog': countRows, 'export-catalog': explode };

describe('jobs API', () => {
  const closers: (() => Promise<unknown>)[] = [];
  const launches: JobLaunch[] = [];
  const runs: Promise<unknown>[] = [];
  let app: ReturnType<typeof createApp>;
  let auth: (role: Role) => Promise<Record<string, string>>;

  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'slimshop-jobs-api-'));
    closers.push(() => rm(dir, { recursive: true, force: true }));
    const { client } = await testDynamo();
    const tableName = uniqueTableName('jobs-api');
    await ensureTable(client, tableName);
    const table = { client, tableName, clock: systemClock };
    const store = createDynamoJobStore(table);
    const config = loadApiConfig({
      DATABASE_URL: 'postgres://unused:unused@127.0.0.1:9/unused',
      TABLE_NAME: tableName,
    });
    const jobs = createJobs(config, {
      table,
      logger: silentLogger,
      clock: systemClock,
      types: jobTypesFrom(async () => ({ definitions: DEFINITIONS, services: {} as JobServices })),
      launcher: {
        async launch(job) {
          launches.push(job);
          if (job.runner === 'batch') return; // Not run here: the test is about where it would go.
          const definition = DEFINITIONS[job.type] as JobDefinition;
          runs.push(
            runRecordedJob(
              {
                store,
                clock: systemClock,
                logger: silentLogger,
                job: () => ({
                  args: definition.args,
                  run: (args, context) => definition.run(args, { ...context, services: {} as JobServices }),
                }),
                isTransient: () => false,
              },
              job.id,
            ),
          );
        },
      },
    });
    const key = await loadOrCreateLocalSigningKey(dir);
    app = checkResponsesOf(
      createApp({
        catalog: createCatalogService({ repository: createMemoryCatalogRepository(), clock: systemClock }),
        idempotency: createDynamoIdempotencyStore({ client, tableName }),
        tokens: createJwtVerifier({ localPublicKey: key.publicKey, issuer: key.issuer }),
        logger: silentLogger,
        jobs: jobs.service,
      }),
    );
    auth = async (role) => ({
      authorization: `Bearer ${await signLocalToken(key, { sub: `a-${role}`, roles: [role] })}`,
    });
  });
  afterAll(async () => {
    await Promise.allSettled(runs);
    for (const close of closers.reverse()) await close();
  });

  const submit = async (body: unknown, headers: Record<string, string> = {}) =>
    app.request('/jobs', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await auth('admin')), ...headers },
      body: JSON.stringify(body),
    });
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON and assert on it field by field.
  const getJob = async (location: string): Promise<{ status: number; body: any }> => {
    const response = await app.request(location, { headers: await auth('admin') });
    return { status: response.status, body: await json(response) };
  };
  const settled = async (location: string) => {
    await Promise.all(runs);
    return getJob(location);
  };

  it('queues a short job for Lambda (202 + Location) and GET shows it succeeded with its summary', async () => {
    const response = await submit({ type: 'import-catalog', args: { rows: 1000 } });
    expect(response.status).toBe(202);
    const body = await json(response);
    expect(body).toEqual({
      id: expect.any(String),
      status: 'queued',
      runner: 'lambda',
      reason: "About 2 seconds for 1,000 rows at 2 ms per row, which fits Lambda's 10-minute budget.",
    });
    expect(response.headers.get('location')).toBe(`/jobs/${body.id}`);

    const { status, body: job } = await settled(`/jobs/${body.id}`);
    expect(status).toBe(200);
    expect(job).toMatchObject({
      id: body.id,
      type: 'import-catalog',
      args: { rows: 1000 },
      status: 'succeeded',
      runner: 'lambda',
      reason: body.reason,
      estimate: { units: 1000, unit: 'rows', msPerUnit: 2, seconds: 2 },
      progress: { done: 1000, total: 1000, unit: 'rows' },
      summary: { read: 1000, imported: 999, rejected: 1 },
      report: '/tmp/catalog.jsonl.rejected.jsonl',
      error: null,
    });
    for (const at of ['createdAt', 'startedAt', 'finishedAt']) expect(Date.parse(job[at])).not.toBeNaN();
  });

  it('routes a job estimated beyond 10 minutes to AWS Batch and records why', async () => {
    const response = await submit({ type: 'import-catalog', args: { rows: 600_000 } });
    const body = await json(response);
    expect(body.runner).toBe('batch');
    expect(body.reason).toBe(
      "About 20 minutes for 600,000 rows at 2 ms per row, beyond Lambda's 10-minute budget, so it runs on AWS Batch.",
    );
    expect(launches.at(-1)).toEqual({ id: body.id, type: 'import-catalog', runner: 'batch', shards: 1 });
    const { body: job } = await getJob(`/jobs/${body.id}`);
    expect(job).toMatchObject({
      status: 'queued',
      runner: 'batch',
      reason: body.reason,
      progress: null,
      startedAt: null,
    });
  });

  it('ends a job whose body throws `failed` with the message and no stack', async () => {
    const body = await json(await submit({ type: 'export-catalog', args: {} }));
    const { body: job } = await settled(`/jobs/${body.id}`);
    expect(job).toMatchObject({
      status: 'failed',
      error: 'The catalog could not be written to /nowhere: no such directory.',
      summary: null,
    });
    expect(JSON.stringify(job)).not.toMatch(/job\.js|at write/);
  });

  it('answers 400 naming the field for an unknown type, bad args or an unknown field', async () => {
    const unknown = await submit({ type: 'mine-bitcoin', args: {} });
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await json(unknown)).errors).toEqual([
      { path: 'type', message: 'must be one of: import-catalog, export-catalog' },
    ]);
    const badArgs = await json(await submit({ type: 'import-catalog', args: { rows: -1, file: 'x' } }));
    expect(badArgs.status).toBe(400);
    expect(badArgs.errors.map((e: { path: string }) => e.path).sort()).toEqual(['args.file', 'args.rows']);
    const extra = await json(await submit({ type: 'import-catalog', args: { rows: 1 }, priority: 'high' }));
    expect(extra.errors).toEqual([{ path: 'priority', message: 'is not a known field' }]);
  });

  it('is for admins only: 401 anonymous, 403 customer; 404 for an unknown job', async () => {
    const anonymous = await app.request('/jobs', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'import-catalog', args: { rows: 1 } }),
    });
    expect(anonymous.status).toBe(401);
    const customer = await app.request('/jobs', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await auth('customer')) },
      body: JSON.stringify({ type: 'import-catalog', args: { rows: 1 } }),
    });
    expect(customer.status).toBe(403);
    expect((await app.request('/jobs/abc', { headers: await auth('customer') })).status).toBe(403);
    expect((await app.request('/jobs/abc')).status).toBe(401);
    const missing = await getJob('/jobs/no-such-job');
    expect(missing.status).toBe(404);
    expect(missing.body.status).toBe(404);
  });

  it('honours Idempotency-Key: a retry gets the same job, another body under the key a 422', async () => {
    const key = { 'idempotency-key': '3f0c2d4e-1b2a-4c5d-8e9f-0a1b2c3d4e5f' };
    const launched = launches.length;
    const first = await submit({ type: 'import-catalog', args: { rows: 10 } }, key);
    const retry = await submit({ args: { rows: 10 }, type: 'import-catalog' }, key);
    expect(retry.status).toBe(202);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.headers.get('location')).toBe(first.headers.get('location'));
    expect((await json(retry)).id).toBe((await json(first)).id);
    expect(launches.length).toBe(launched + 1);
    expect((await submit({ type: 'import-catalog', args: { rows: 11 } }, key)).status).toBe(422);
  });

  it('lists jobs newest first for admins (GET /jobs), 403 for customers, 400 for a foreign cursor', async () => {
    const newest = await json(await submit({ type: 'import-catalog', args: { rows: 3 } }));
    const page = await json(await app.request('/jobs?limit=2', { headers: await auth('admin') }));
    expect(page.items).toHaveLength(2);
    expect(page.items[0]).toMatchObject({ id: newest.id, type: 'import-catalog', args: { rows: 3 } });
    expect(Date.parse(page.items[0].createdAt)).toBeGreaterThanOrEqual(Date.parse(page.items[1].createdAt));
    const next = await json(
      await app.request(`/jobs?limit=2&cursor=${page.nextCursor}`, { headers: await auth('admin') }),
    );
    expect(next.items.map((job: { id: string }) => job.id)).not.toContain(newest.id);
    expect((await app.request('/jobs', { headers: await auth('customer') })).status).toBe(403);
    const foreign = await app.request('/jobs?cursor=bm90LWEtY3Vyc29y', { headers: await auth('admin') });
    expect(foreign.status).toBe(400);
    expect((await json(foreign)).errors[0].path).toBe('query.cursor');
  });
});
