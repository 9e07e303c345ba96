import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOrCreateLocalSigningKey, signLocalToken } from '../../src/adapters/auth/local-signing-key.js';
import { createS3Client } from '../../src/adapters/s3/client.js';
import type { JobLaunch, JobLauncher } from '../../src/app/ports/job-launcher.js';
import { silentLogger } from '../../src/app/ports/logger.js';
import { createServices, type Services } from '../../src/composition/create-services.js';
import { loadApiConfig } from '../../src/config/config.js';
import { createApp } from '../../src/http/app.js';
import { startLocalS3 } from '../../src/local/s3.js';
import { expectedReport, generatedJsonl } from '../fixtures/jobs/catalog-rows.js';
import { type JobHarness, type JobTable, startJobHarness } from '../fixtures/jobs/job-harness.js';
import { json } from '../support/test-api.js';

/**
 * The jobs API as `npm start` wires it: POST /jobs records the job and runs `src/entrypoints/job.ts
 * --job-id <id>` in a child process (whatever runner production would use), which reports into the record.
 */
describe('jobs API with local child processes', () => {
  let harness: JobHarness;
  let table: JobTable;
  let admin: Record<string, string>;
  const services: Services[] = [];

  beforeAll(async () => {
    harness = await startJobHarness();
    table = await harness.table();
    const key = await loadOrCreateLocalSigningKey(harness.dir);
    admin = { authorization: `Bearer ${await signLocalToken(key, { sub: 'ops', roles: ['admin'] })}` };
  });
  afterAll(async () => {
    for (const built of services) await built.closeJobs();
    await harness?.close();
  });

  /** The app over createServices, on the harness's dynalite table; `jobLauncher` replaces the child processes. */
  async function startApp(jobLauncher?: JobLauncher, env: Record<string, string> = {}) {
    const key = await loadOrCreateLocalSigningKey(harness.dir);
    const config = loadApiConfig({
      ...table.env,
      ...env,
      DATABASE_URL: 'postgres://unused:unused@127.0.0.1:9/unused',
    });
    const built = createServices(config, { logger: silentLogger, localTokenKey: key, jobLauncher });
    services.push(built);
    return createApp(built);
  }

  const post = (app: ReturnType<typeof createApp>, body: unknown) =>
    app.request('/jobs', {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  async function finished(app: ReturnType<typeof createApp>, location: string) {
    const deadline = Date.now() + 25_000;
    for (;;) {
      const job = await json(await app.request(location, { headers: admin }));
      if (job.status === 'succeeded' || job.status === 'failed' || Date.now() > deadline) return job;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('imports a small JSONL file: queued for Lambda, then succeeded with { read, imported, rejected }', async () => {
    const app = await startApp();
    const file = await harness.write('small.jsonl', generatedJsonl(510));
    const response = await post(app, { type: 'import-catalog', args: { file } });
    expect(response.status).toBe(202);
    const submitted = await json(response);
    expect(submitted).toMatchObject({ status: 'queued', runner: 'lambda' });
    expect(submitted.reason).toMatch(
      /^≈ \d+ s \([\d,]+ rows \(file size [\d,]+ bytes ÷ \d+ bytes per sampled row\) × .+\): fits Lambda's 10-minute budget$/,
    );

    const job = await finished(app, response.headers.get('location') as string);
    const rejected = expectedReport(510).length;
    expect(job).toMatchObject({
      status: 'succeeded',
      runner: 'lambda',
      summary: { read: 510, imported: 510 - rejected, rejected },
      report: `${file}.rejected.jsonl`,
      progress: { done: 510, unit: 'rows' },
      error: null,
    });
    expect((await table.products()).length).toBe(510 - rejected);
    const report = (await harness.read(`${file}.rejected.jsonl`)).trim().split('\n');
    expect(report.map((line) => JSON.parse(line))).toEqual(expectedReport(510));
  });

  it('ends a job that throws in its child process `failed`, with one line of message and no stack', async () => {
    const app = await startApp();
    const file = await harness.write('ok.jsonl', generatedJsonl(5));
    // The report cannot be created (its folder would be inside a file): the job fails as it starts.
    const report = `${file}/report.jsonl`;
    const response = await post(app, { type: 'import-catalog', args: { file, report } });
    const job = await finished(app, response.headers.get('location') as string);
    expect(job.status).toBe('failed');
    expect(job.error).toBe(`A file operation failed: mkdir ${file} (EEXIST).`);
    expect(job.error).not.toMatch(/\n|\s+at /);
    expect(job.summary).toBeNull();
  });

  it('imports from s3:// on the local S3, as npm start serves it', async () => {
    const bucket = 'slimshop-jobs-test';
    const s3 = await startLocalS3({ dir: join(harness.dir, 's3'), buckets: [bucket] });
    try {
      await createS3Client({ region: 'us-east-1', endpoint: s3.endpoint }).send(
        new PutObjectCommand({ Bucket: bucket, Key: 'in/catalog.jsonl', Body: generatedJsonl(30) }),
      );
      const app = await startApp(undefined, { IMAGE_BUCKET: bucket, S3_ENDPOINT: s3.endpoint });
      const file = `s3://${bucket}/in/catalog.jsonl`;
      const response = await post(app, { type: 'import-catalog', args: { file } });
      expect(response.status).toBe(202);
      const job = await finished(app, response.headers.get('location') as string);
      expect(job).toMatchObject({
        status: 'succeeded',
        summary: { read: 30, imported: 29, rejected: 1 },
        report: `${file}.rejected.jsonl`,
      });
    } finally {
      await s3.close();
    }
  });

  it('routes a file too large for 10 minutes on Lambda to AWS Batch, saying why', async () => {
    const launches: JobLaunch[] = [];
    // Not run here: a 4 GB import is the point of Batch, not of a test.
    const app = await startApp({ launch: async (job) => void launches.push(job) });
    const path = await harness.write('large.jsonl', generatedJsonl(400));
    // Sparse: the estimate samples the first rows and divides the size; the disk holds only those rows.
    const handle = await open(path, 'r+');
    await handle.truncate(4 * 1024 ** 3);
    await handle.close();

    const submitted = await json(
      await post(app, { type: 'import-catalog', args: { file: path, format: 'jsonl' } }),
    );
    expect(submitted.runner).toBe('batch');
    expect(submitted.reason).toMatch(
      /^≈ [\d.]+ h \([\d,]+ rows \(file size 4,294,967,296 bytes ÷ \d+ bytes per sampled row\) × .+\): beyond Lambda's 10-minute budget, so AWS Batch$/,
    );
    expect(launches).toEqual([{ id: submitted.id, type: 'import-catalog', runner: 'batch', shards: 1 }]);
    const job = await json(await app.request(`/jobs/${submitted.id}`, { headers: admin }));
    expect(job).toMatchObject({ status: 'queued', runner: 'batch', reason: submitted.reason });
    expect(job.estimate.seconds).toBeGreaterThan(600);
  });

  it('stops running job processes on shutdown and marks their jobs failed (nothing retries them locally)', async () => {
    const app = await startApp();
    const file = await harness.write('long.jsonl', generatedJsonl(40_000));
    const response = await post(app, { type: 'import-catalog', args: { file } });
    const location = response.headers.get('location') as string;
    const deadline = Date.now() + 20_000;
    let job = await json(await app.request(location, { headers: admin }));
    while (job.progress === null && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      job = await json(await app.request(location, { headers: admin }));
    }
    expect(job.status).toBe('running');

    await (services.at(-1) as Services).closeJobs();
    const stopped = await json(await app.request(location, { headers: admin }));
    expect(stopped).toMatchObject({ status: 'failed', error: 'The job process exited with code 75.' });
    expect(stopped.progress.done).toBeLessThan(40_000);
  });

  it('answers 422 when the input cannot be read, and records nothing', async () => {
    const app = await startApp();
    const response = await post(app, {
      type: 'import-catalog',
      args: { file: `${harness.dir}/missing.jsonl` },
    });
    expect(response.status).toBe(422);
    const problem = await json(response);
    expect(problem.detail).toBe(`No file at "${harness.dir}/missing.jsonl".`);
    expect(problem.errors).toEqual([{ path: 'args', message: 'refers to an input that does not exist' }]);
    expect(JSON.stringify(problem)).not.toMatch(/ENOENT/);
  });
});
