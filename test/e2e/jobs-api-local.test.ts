import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3Client } from '../../src/adapters/s3/client.js';
import type { JobLaunch } from '../../src/app/ports/job-launcher.js';
import { startLocalS3 } from '../../src/local/s3.js';
import { expectedReport, generatedJsonl } from '../fixtures/jobs/catalog-rows.js';
import { type JobsApi, startJobsApi } from '../fixtures/jobs/jobs-api-app.js';
import { json } from '../support/test-api.js';

/**
 * The jobs API as `npm start` wires it: POST /jobs records the job and runs `src/entrypoints/job.ts
 * --job-id <id>` in a child process (whatever runner production would use), which reports into the record.
 * Files are paths relative to DATA_DIR/jobs.
 */
// Child processes are slow to start on a busy machine: the tests wait for them up to their timeout.
describe('jobs API with local child processes', { timeout: 90_000 }, () => {
  let api: JobsApi;

  beforeAll(async () => {
    api = await startJobsApi();
  });
  afterAll(() => api?.close());

  it('imports a small JSONL file: queued for Lambda, then succeeded with { read, imported, rejected }', async () => {
    const { app } = await api.start();
    const file = await api.put('small.jsonl', generatedJsonl(510));
    const response = await api.post(app, { type: 'import-catalog', args: { file } });
    expect(response.status).toBe(202);
    const submitted = await json(response);
    expect(submitted).toMatchObject({ status: 'queued', runner: 'lambda' });
    expect(submitted.reason).toMatch(
      /^About \d+ seconds? for about [\d,]+ rows \(a file of 97\.2 KB at about \d+ bytes per row\) at [\d.]+ ms per row, which fits Lambda's 10-minute budget\.$/,
    );

    const job = await api.finished(app, response.headers.get('location') as string);
    const rejected = expectedReport(510).length;
    expect(job).toMatchObject({
      status: 'succeeded',
      runner: 'lambda',
      summary: { read: 510, imported: 510 - rejected, rejected },
      report: `${file}.rejected.jsonl`,
      progress: { done: 510, unit: 'rows' },
      error: null,
    });
    expect((await api.table.products()).length).toBe(510 - rejected);
    const report = (await api.jobFile(`${file}.rejected.jsonl`)).trim().split('\n');
    expect(report.map((line) => JSON.parse(line))).toEqual(expectedReport(510));
  });

  it('ends a job that throws in its child process `failed`, with one line of message and no stack', async () => {
    const { app } = await api.start();
    // Not the CSV header: the job fails on its first line.
    const file = await api.put('wrong-header.csv', 'sku,name\nA,B\n');
    const response = await api.post(app, { type: 'import-catalog', args: { file } });
    const job = await api.finished(app, response.headers.get('location') as string);
    expect(job.status).toBe('failed');
    expect(job.error).toBe(
      'The CSV file must start with the header id,sku,name,description,price_amount,price_currency,category_id,status,tax_class.',
    );
    expect(job.error).not.toMatch(/\n|\s+at /);
    expect(job.summary).toBeNull();
  });

  it('imports from s3:// in the jobs bucket on the local S3, as npm start serves it', async () => {
    const bucket = 'slimshop-jobs-test';
    const s3 = await startLocalS3({ dir: join(api.harness.dir, 's3'), buckets: [bucket] });
    try {
      await createS3Client({ region: 'us-east-1', endpoint: s3.endpoint }).send(
        new PutObjectCommand({ Bucket: bucket, Key: 'in/catalog.jsonl', Body: generatedJsonl(30) }),
      );
      const { app } = await api.start({
        env: { IMAGE_BUCKET: bucket, S3_ENDPOINT: s3.endpoint, JOBS_BUCKET: bucket },
      });
      const file = `s3://${bucket}/in/catalog.jsonl`;
      const response = await api.post(app, { type: 'import-catalog', args: { file } });
      expect(response.status).toBe(202);
      const job = await api.finished(app, response.headers.get('location') as string);
      expect(job).toMatchObject({
        status: 'succeeded',
        summary: { read: 30, rejected: 1 },
        report: `${file}.rejected.jsonl`,
      });
      // Earlier tests of this file may have imported the same rows into this table: those are unchanged.
      expect(job.summary.imported + job.summary.unchanged).toBe(29);
    } finally {
      await s3.close();
    }
  });

  it('routes a file too large for 10 minutes on Lambda to AWS Batch, saying why', async () => {
    const launches: JobLaunch[] = [];
    // Not run here: a 4 GB import is the point of Batch, not of a test.
    const { app } = await api.start({ launcher: { launch: async (job) => void launches.push(job) } });
    const path = await api.put('large.jsonl', generatedJsonl(400));
    // Sparse: the estimate samples the first rows and divides the size; the disk holds only those rows.
    const handle = await open(join(api.jobsDir, path), 'r+');
    await handle.truncate(4 * 1024 ** 3);
    await handle.close();

    const submitted = await json(
      await api.post(app, { type: 'import-catalog', args: { file: path, format: 'jsonl' } }),
    );
    expect(submitted.runner).toBe('batch');
    expect(submitted.reason).toMatch(
      /^About [\d.]+ hours for about [\d,]+ rows \(a file of 4\.3 GB at about \d+ bytes per row\) at [\d.]+ ms per row, beyond Lambda's 10-minute budget, so it runs on AWS Batch\.$/,
    );
    expect(launches).toEqual([{ id: submitted.id, type: 'import-catalog', runner: 'batch', shards: 1 }]);
    const job = await json(await app.request(`/jobs/${submitted.id}`, { headers: api.admin }));
    expect(job).toMatchObject({ status: 'queued', runner: 'batch', reason: submitted.reason });
    expect(job.estimate.seconds).toBeGreaterThan(600);
  });

  it('stops running job processes on shutdown and marks their jobs failed (nothing retries them locally)', async () => {
    const { app, services } = await api.start();
    const file = await api.put('long.jsonl', generatedJsonl(40_000));
    const response = await api.post(app, { type: 'import-catalog', args: { file } });
    const location = response.headers.get('location') as string;
    const deadline = Date.now() + 20_000;
    let job = await json(await app.request(location, { headers: api.admin }));
    while (job.progress === null && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      job = await json(await app.request(location, { headers: api.admin }));
    }
    expect(job.status).toBe('running');

    await services.closeJobs();
    const stopped = await json(await app.request(location, { headers: api.admin }));
    expect(stopped).toMatchObject({ status: 'failed', error: 'The job process exited with code 75.' });
    expect(stopped.progress.done).toBeLessThan(40_000);
  });

  it('runs JOBS_MAX_PROCESSES jobs at once: the next waits queued for its turn, then runs', async () => {
    const { app } = await api.start({ env: { JOBS_MAX_PROCESSES: '1' } });
    const first = await api.put('turn-1.jsonl', generatedJsonl(300));
    const second = await api.put('turn-2.jsonl', generatedJsonl(20));
    const responses = [
      await api.post(app, { type: 'import-catalog', args: { file: first } }),
      await api.post(app, { type: 'import-catalog', args: { file: second } }),
    ];
    expect(responses.map((response) => response.status)).toEqual([202, 202]);
    const [one, two] = responses.map((response) => response.headers.get('location') as string);
    // The first holds the only process until it ends: the second has not started meanwhile.
    expect(await json(await app.request(two as string, { headers: api.admin }))).toMatchObject({
      status: 'queued',
      startedAt: null,
    });
    const jobs = [await api.finished(app, one as string), await api.finished(app, two as string)];
    expect(jobs.map((job) => job.status)).toEqual(['succeeded', 'succeeded']);
    expect(Date.parse(jobs[1]?.startedAt)).toBeGreaterThanOrEqual(Date.parse(jobs[0]?.finishedAt));
  });

  it('answers 422 when the input cannot be read, and records nothing', async () => {
    const { app } = await api.start();
    const response = await api.post(app, { type: 'import-catalog', args: { file: 'missing.jsonl' } });
    expect(response.status).toBe(422);
    const problem = await json(response);
    expect(problem.detail).toBe('No file at "missing.jsonl".');
    expect(problem.errors).toEqual([{ path: 'args', message: 'refers to an input that does not exist' }]);
    expect(JSON.stringify(problem)).not.toMatch(/ENOENT/);
  });
});
