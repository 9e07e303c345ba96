import { execFileSync } from 'node:child_process';
import { mkdir, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3Client } from '../../src/adapters/s3/client.js';
import type { JobLaunch } from '../../src/app/ports/job-launcher.js';
import { startLocalS3 } from '../../src/local/s3.js';
import { generatedJsonl } from '../fixtures/jobs/catalog-rows.js';
import { awsJobsEnv, type JobsApi, type JobsApp, startJobsApi } from '../fixtures/jobs/jobs-api-app.js';
import { json } from '../support/test-api.js';

/**
 * Which files a job started through the API may touch: locally, paths relative to DATA_DIR/jobs that stay
 * inside it; on AWS, s3:// locations in JOBS_BUCKET. Anything else is a 400 naming the field, before a job
 * is recorded or a file opened, so the API can neither read, write nor probe the rest of the machine.
 */
describe('job files through the API', { timeout: 90_000 }, () => {
  let api: JobsApi;
  let app: JobsApp;
  /** A folder beside DATA_DIR standing for the rest of the machine (/etc and the like). */
  let outside: string;
  let launches: JobLaunch[];

  beforeAll(async () => {
    api = await startJobsApi();
    launches = [];
    ({ app } = await api.start({ launcher: { launch: async (job) => void launches.push(job) } }));
    outside = join(api.harness.dir, 'outside');
    await mkdir(outside);
    await writeFile(join(outside, 'shadow'), 'root:$6$secret:19000::::::\n');
    await symlink(join(outside, 'shadow'), join(api.jobsDir, 'escape.jsonl'));
    await symlink(outside, join(api.jobsDir, 'linked'));
    execFileSync('mkfifo', [join(api.jobsDir, 'pipe.jsonl')]);
  });
  afterAll(() => api?.close());

  async function jobCount() {
    return (await json(await app.request('/jobs?limit=100', { headers: api.admin }))).items.length;
  }

  // Args as functions: `outside` exists only once beforeAll has run.
  it.each([
    [
      'an absolute path',
      'import-catalog',
      () => ({ file: join(outside, 'shadow') }),
      'args.file',
      /absolute/,
    ],
    ['a way up with ..', 'import-catalog', () => ({ file: '../outside/shadow' }), 'args.file', /"\.\."/],
    ['a link leading out', 'import-catalog', () => ({ file: 'escape.jsonl' }), 'args.file', /leads outside/],
    [
      'a folder link leading out',
      'import-catalog',
      () => ({ file: 'linked/shadow' }),
      'args.file',
      /outside/,
    ],
    ['a FIFO', 'import-catalog', () => ({ file: 'pipe.jsonl' }), 'args.file', /regular file/],
    [
      'a report outside',
      'import-catalog',
      () => ({ file: 'x.jsonl', report: join(outside, 'report.jsonl') }),
      'args.report',
      /absolute/,
    ],
    ['an export outside', 'export-catalog', () => ({ out: join(outside, 'shadow') }), 'args.out', /absolute/],
    ['an export through a link', 'export-catalog', () => ({ out: 'linked/c.csv' }), 'args.out', /outside/],
    [
      'a sales report up the tree',
      'sales-report',
      () => ({ from: '2026-01-01', to: '2026-02-01', out: '../../report.csv' }),
      'args.out',
      /"\.\."/,
    ],
    [
      'a name too long to open',
      'import-catalog',
      () => ({ file: `${'n'.repeat(300)}.jsonl` }),
      'args.file',
      /ENAMETOOLONG/,
    ],
    [
      's3:// without a jobs bucket',
      'import-catalog',
      () => ({ file: 's3://b1/x.jsonl' }),
      'args.file',
      /jobs folder/,
    ],
  ])('refuses %s with a 400 naming the field, recording nothing', async (_, type, args, path, message) => {
    const before = await jobCount();
    const response = await api.post(app, { type, args: args() });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = await json(response);
    expect(problem.errors).toEqual([{ path, message: expect.stringMatching(message) }]);
    // Nothing about the file itself (its size, whether it exists) comes back.
    expect(JSON.stringify(problem)).not.toMatch(/\d+ bytes|No file|shadow\.rejected/);
    expect(await jobCount()).toBe(before);
    expect(launches).toEqual([]);
    expect(await readdir(outside)).toEqual(['shadow']);
    expect(await readFile(join(outside, 'shadow'), 'utf8')).toBe('root:$6$secret:19000::::::\n');
  });

  it('takes paths relative to DATA_DIR/jobs, sub-folders included', async () => {
    await mkdir(join(api.jobsDir, 'imports'), { recursive: true });
    const file = await api.put('imports/catalog.jsonl', generatedJsonl(10));
    const response = await api.post(app, {
      type: 'import-catalog',
      args: { file, report: 'reports/catalog.rejected.jsonl' },
    });
    expect(response.status).toBe(202);
    expect((await json(response)).reason).toMatch(/counted in a file of [\d.,]+ (bytes|KB)/);
    expect(launches.at(-1)?.type).toBe('import-catalog');
  });

  it('runs an export into the jobs folder in a child process', async () => {
    const { app: running } = await api.start();
    const response = await api.post(running, {
      type: 'export-catalog',
      args: { out: 'exports/catalog.csv' },
    });
    expect(response.status).toBe(202);
    const job = await api.finished(running, response.headers.get('location') as string);
    expect(job).toMatchObject({ status: 'succeeded', summary: { out: 'exports/catalog.csv' } });
    expect((await stat(join(api.jobsDir, 'exports', 'catalog.csv'))).isFile()).toBe(true);
  });
});

describe('job files through the API on AWS', () => {
  const bucket = 'slimshop-jobs-aws';
  let api: JobsApi;
  let app: JobsApp;
  let closeS3: () => Promise<void>;
  const launches: JobLaunch[] = [];

  beforeAll(async () => {
    api = await startJobsApi();
    const s3 = await startLocalS3({ dir: join(api.harness.dir, 's3'), buckets: [bucket, 'other-bucket'] });
    closeS3 = s3.close;
    const client = createS3Client({ region: 'us-east-1', endpoint: s3.endpoint });
    for (const Bucket of [bucket, 'other-bucket']) {
      await client.send(new PutObjectCommand({ Bucket, Key: 'in/catalog.jsonl', Body: generatedJsonl(20) }));
    }
    ({ app } = await api.start({
      launcher: { launch: async (job) => void launches.push(job) },
      env: awsJobsEnv(bucket, s3.endpoint),
    }));
  });
  afterAll(async () => {
    await closeS3?.();
    await api?.close();
  });

  it.each([
    ['an absolute path', '/etc/passwd'],
    ['another bucket', 's3://other-bucket/in/catalog.jsonl'],
    ['a bucket without a key', `s3://${bucket}/`],
  ])('refuses %s: only s3://<JOBS_BUCKET>/… (or a bare key in it) is accepted', async (_, file) => {
    const response = await api.post(app, { type: 'import-catalog', args: { file } });
    expect(response.status).toBe(400);
    expect((await json(response)).errors).toEqual([
      { path: 'args.file', message: expect.stringContaining(`s3://${bucket}/<key>`) },
    ]);
    expect(launches).toEqual([]);
  });

  it('accepts the jobs bucket, and a bare key as a key in it', async () => {
    const response = await api.post(app, {
      type: 'import-catalog',
      args: { file: `s3://${bucket}/in/catalog.jsonl` },
    });
    expect(response.status).toBe(202);
    const bare = await api.post(app, { type: 'import-catalog', args: { file: 'in/catalog.jsonl' } });
    expect(bare.status).toBe(202);
    // Read from the bucket to estimate it: the same 20 rows.
    expect((await json(bare)).reason).toMatch(/ 20 rows /);
    expect(launches).toHaveLength(2);
  });
});
