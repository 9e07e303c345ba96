import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOrCreateLocalSigningKey, signLocalToken } from '../../src/adapters/auth/local-signing-key.js';
import type { JobLaunch } from '../../src/app/ports/job-launcher.js';
import { silentLogger } from '../../src/app/ports/logger.js';
import { createServices } from '../../src/composition/create-services.js';
import { loadApiConfig } from '../../src/config/config.js';
import { createApp } from '../../src/http/app.js';
import { generatedJsonl } from '../fixtures/jobs/catalog-rows.js';
import { type JobHarness, startJobHarness } from '../fixtures/jobs/job-harness.js';
import { checkResponsesOf } from '../support/openapi-contract.js';
import { json } from '../support/test-api.js';

/** The jobs Lambda's handler on the event POST /jobs sends it: `{ "jobId": "…" }` (an async Invoke). */
describe('jobs Lambda handler', () => {
  let harness: JobHarness;
  let env: Record<string, string>;
  const saved = { ...process.env };

  beforeAll(async () => {
    harness = await startJobHarness();
    // Files named through the API are paths inside DATA_DIR/jobs.
    env = { ...(await harness.table()).env, DATA_DIR: harness.dir };
    // The handler reads its configuration at INIT, like every Lambda entrypoint here.
    Object.assign(process.env, env);
  });
  afterAll(async () => {
    process.env = saved;
    await harness?.close();
  });

  const context = (remainingMs: number) =>
    ({ awsRequestId: 'req-1', getRemainingTimeInMillis: () => remainingMs }) as unknown as Context;

  it('runs the recorded job into its record; a second delivery does nothing', async () => {
    const launches: JobLaunch[] = [];
    const key = await loadOrCreateLocalSigningKey(harness.dir);
    const services = createServices(
      loadApiConfig({ ...env, DATABASE_URL: 'postgres://unused:unused@127.0.0.1:9/unused' }),
      {
        logger: silentLogger,
        localTokenKey: key,
        jobLauncher: { launch: async (job) => void launches.push(job) },
      },
    );
    const app = checkResponsesOf(createApp(services));
    const admin = { authorization: `Bearer ${await signLocalToken(key, { sub: 'ops', roles: ['admin'] })}` };
    await harness.write('jobs/lambda.jsonl', generatedJsonl(20));
    const file = 'lambda.jsonl';
    const submitted = await json(
      await app.request('/jobs', {
        method: 'POST',
        headers: { ...admin, 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'import-catalog', args: { file } }),
      }),
    );
    expect(launches).toEqual([{ id: submitted.id, type: 'import-catalog', runner: 'lambda', shards: 1 }]);

    const { handler } = await import('../../src/entrypoints/lambda-job.js');
    expect(await handler({ jobId: submitted.id }, context(900_000))).toEqual({
      jobId: submitted.id,
      outcome: 'succeeded',
    });
    const job = await json(await app.request(`/jobs/${submitted.id}`, { headers: admin }));
    expect(job).toMatchObject({ status: 'succeeded', summary: { read: 20, imported: 19, rejected: 1 } });
    expect(await handler({ jobId: submitted.id }, context(900_000))).toEqual({
      jobId: submitted.id,
      outcome: 'finished-before',
    });
  });

  it('ends an event without a valid jobId without an error (a retry could not fix it)', async () => {
    const { handler } = await import('../../src/entrypoints/lambda-job.js');
    expect(await handler({ jobId: '../etc' }, context(900_000))).toEqual({ outcome: 'missing' });
    expect(await handler({}, context(900_000))).toEqual({ outcome: 'missing' });
  });

  it('runs a scheduled job named by the schedule, and only the jobs meant for a schedule', async () => {
    const { handler } = await import('../../src/entrypoints/lambda-job.js');
    // Not on the allow-list: a schedule's payload cannot start an import.
    expect(await handler({ scheduled: 'import-catalog' }, context(900_000))).toEqual({ outcome: 'missing' });
    // This environment has no database, so the job itself refuses, saying so: it did run.
    await expect(handler({ scheduled: 'cancel-unpaid-orders' }, context(900_000))).rejects.toThrow(
      /cancel-unpaid-orders reads PostgreSQL/,
    );
  });
});
