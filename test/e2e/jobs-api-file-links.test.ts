import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3Client } from '../../src/adapters/s3/client.js';
import type { JobLaunch } from '../../src/app/ports/job-launcher.js';
import { startLocalS3 } from '../../src/local/s3.js';
import { expectedReport, generatedJsonl } from '../fixtures/jobs/catalog-rows.js';
import { awsJobsEnv, type JobsApi, type JobsApp, startJobsApi } from '../fixtures/jobs/jobs-api-app.js';
import { json } from '../support/test-api.js';

/**
 * Job files in and out without the API carrying them for Lambda: POST /jobs/files gives a location and a link
 * to PUT the bytes to, GET /jobs/{id}/files/{file} a link to download a report or an export. Locally the
 * links are this server's own (signed, into DATA_DIR/jobs); on AWS presigned S3 URLs on the jobs bucket.
 */
describe('job file links with a jobs folder', { timeout: 90_000 }, () => {
  let api: JobsApi;
  let app: JobsApp;

  beforeAll(async () => {
    api = await startJobsApi();
    ({ app } = await api.start());
  });
  afterAll(() => api?.close());

  const startUpload = (body: unknown, headers = api.admin) =>
    app.request('http://localhost:3000/jobs/files', {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  /** The link as a path of the in-process app (links are absolute URLs on the origin the request came in on). */
  const pathOf = (url: string) => new URL(url).pathname;
  const put = async (
    url: string,
    body: string | Uint8Array | ReadableStream<Uint8Array>,
    headers: Record<string, string>,
  ) => app.request(pathOf(url), { method: 'PUT', headers, body, duplex: 'half' } as RequestInit);
  async function uploaded(name: string, text: string) {
    const bytes = Buffer.from(text);
    const response = await startUpload({ name, size: bytes.length });
    expect(response.status).toBe(201);
    const { location, upload } = await json(response);
    const stored = await put(upload.url, bytes, {
      ...upload.headers,
      'content-length': String(bytes.length),
    });
    expect(stored.status).toBe(200);
    return location as string;
  }

  it('uploads a file through a link, imports it, and downloads the reject report through another', async () => {
    const csv = generatedJsonl(130);
    const response = await startUpload({ name: 'catalog.jsonl', size: Buffer.byteLength(csv) });
    expect(response.status).toBe(201);
    const upload = await json(response);
    expect(upload.location).toMatch(/^uploads\/[A-Za-z0-9_-]{20}\/catalog\.jsonl$/);
    expect(upload.upload).toMatchObject({
      method: 'PUT',
      headers: { 'content-type': 'application/x-ndjson' },
    });
    expect(Date.parse(upload.expiresAt) - Date.now()).toBeGreaterThan(14 * 60_000);

    // No bearer token: the link is the credential, as a presigned URL is.
    const stored = await put(upload.upload.url, csv, {
      'content-type': 'application/x-ndjson',
      'content-length': String(Buffer.byteLength(csv)),
    });
    expect(stored.status).toBe(200);
    expect(await json(stored)).toEqual({ location: upload.location, size: Buffer.byteLength(csv) });
    expect(await api.jobFile(upload.location)).toBe(csv);

    const started = await api.post(app, { type: 'import-catalog', args: { file: upload.location } });
    expect(started.status).toBe(202);
    const job = await api.finished(app, started.headers.get('location') as string);
    expect(job).toMatchObject({ status: 'succeeded', report: `${upload.location}.rejected.jsonl` });

    const link = await app.request(`/jobs/${job.id}/files/report`, { headers: api.admin });
    expect(link.status).toBe(200);
    const download = await json(link);
    const report = await api.jobFile(job.report);
    expect(download).toMatchObject({
      name: 'catalog.jsonl.rejected.jsonl',
      location: job.report,
      size: Buffer.byteLength(report),
    });
    const file = await app.request(pathOf(download.url));
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/x-ndjson');
    expect(file.headers.get('content-disposition')).toMatch(
      /^attachment; filename="catalog\.jsonl\.rejected\.jsonl"/,
    );
    const lines = (await file.text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toEqual(expectedReport(130));
  });

  it('takes an upload far larger than a JSON body may be, streamed to the file', async () => {
    const text = `${'x'.repeat(1023)}\n`.repeat(1024); // 1 MiB against the 256 KB body limit
    const location = await uploaded('big.jsonl', text);
    expect((await api.jobFile(location)).length).toBe(text.length);
  });

  it.each([
    ['a path', { name: '../etc/passwd', size: 10 }, 'name'],
    ['a folder', { name: 'a/b.csv', size: 10 }, 'name'],
    ['a hidden name', { name: '.profile', size: 10 }, 'name'],
    ['a control character', { name: 'a\u0000.csv', size: 10 }, 'name'],
    ['an empty file', { name: 'a.csv', size: 0 }, 'size'],
    ['more than 1 GiB', { name: 'a.csv', size: 1024 ** 3 + 1 }, 'size'],
    ['half a byte', { name: 'a.csv', size: 1.5 }, 'size'],
    ['a huge number', { name: 'a.csv', size: 1e308 }, 'size'],
  ])('refuses %s with a 400 naming the field', async (_, body, field) => {
    const response = await startUpload(body);
    expect(response.status).toBe(400);
    const { errors } = await json(response);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.map((error: { path: string }) => error.path)).toEqual(errors.map(() => field));
  });

  it('refuses odd keys, and callers without the admin role', async () => {
    const odd = await app.request('/jobs/files', {
      method: 'POST',
      headers: { ...api.admin, 'content-type': 'application/json' },
      body: '{"name":"a.csv","size":1,"__proto__":{"x":1}}',
    });
    expect(odd.status).toBe(400);
    expect((await startUpload({ name: 'a.csv', size: 1 }, {})).status).toBe(401);
  });

  it('stores nothing when the bytes do not match the link: length, type, or a link for something else', async () => {
    const response = await startUpload({ name: 'exact.csv', size: 10 });
    const { location, upload } = await json(response);
    const folder = join(api.jobsDir, location, '..');

    const short = await put(upload.url, 'only 5', { 'content-type': 'text/csv', 'content-length': '6' });
    expect(short.status).toBe(400);
    expect((await json(short)).errors).toEqual([{ path: 'header.content-length', message: 'must be 10' }]);
    const wrongType = await put(upload.url, '0123456789', {
      'content-type': 'text/html',
      'content-length': '10',
    });
    expect(wrongType.status).toBe(415);
    expect((await json(wrongType)).errors).toEqual([
      { path: 'header.content-type', message: 'must be text/csv' },
    ]);
    const token = upload.url.slice(upload.url.lastIndexOf('/') + 1);
    const forged = `${token.slice(0, -4)}AAAA`;
    const tampered = await app.request(`/jobs/uploads/${forged}`, {
      method: 'PUT',
      headers: { 'content-type': 'text/csv', 'content-length': '10' },
      body: '0123456789',
    });
    expect(tampered.status).toBe(403);
    // An upload link does not download, whatever it names.
    expect((await app.request(`/jobs/downloads/${token}`)).status).toBe(403);
    await expect(readdir(folder)).rejects.toMatchObject({ code: 'ENOENT' });

    // A body cut off part way leaves neither the file nor its partial copy.
    const cut = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('01234'));
        controller.error(new Error('connection reset'));
      },
    });
    const broken = await put(upload.url, cut, { 'content-type': 'text/csv', 'content-length': '10' });
    expect(broken.status).toBe(400);
    expect((await json(broken)).errors).toEqual([
      { path: 'body', message: expect.stringMatching(/^ended after [0-5] of 10 bytes$/) },
    ]);
    expect(await readdir(folder).catch(() => [])).toEqual([]);

    const ok = await put(upload.url, '0123456789', { 'content-type': 'text/csv', 'content-length': '10' });
    expect(ok.status).toBe(200);
    expect(await readdir(folder)).toEqual(['exact.csv']);
  });

  it('has no link for a file a job does not have, or has not written', async () => {
    const location = await uploaded('empty.jsonl', '\n');
    const started = await api.post(app, { type: 'import-catalog', args: { file: location } });
    const job = await api.finished(app, started.headers.get('location') as string);
    // Nothing was rejected and no report was asked for: none was written.
    const report = await app.request(`/jobs/${job.id}/files/report`, { headers: api.admin });
    expect(report.status).toBe(404);
    expect((await json(report)).detail).toBe(`Job ${job.id} has no report.`);
    const out = await app.request(`/jobs/${job.id}/files/out`, { headers: api.admin });
    expect(out.status).toBe(404);
    expect((await json(out)).detail).toBe(`Job ${job.id} has no output file (\`out\`).`);
    expect((await app.request('/jobs/nosuchjob000000000000/files/out', { headers: api.admin })).status).toBe(
      404,
    );
    expect((await app.request(`/jobs/${job.id}/files/input`, { headers: api.admin })).status).toBe(400);
  });

  it('downloads an export', async () => {
    const started = await api.post(app, { type: 'export-catalog', args: { out: 'exports/all.jsonl' } });
    const job = await api.finished(app, started.headers.get('location') as string);
    expect(job.status).toBe('succeeded');
    const { url, size } = await json(await app.request(`/jobs/${job.id}/files/out`, { headers: api.admin }));
    const file = await app.request(pathOf(url));
    const text = await file.text();
    expect(text).toBe(await readFile(join(api.jobsDir, 'exports/all.jsonl'), 'utf8'));
    expect(Buffer.byteLength(text)).toBe(size);
  });
});

describe('job file links on the jobs bucket', { timeout: 60_000 }, () => {
  const bucket = 'slimshop-jobs-links';
  let api: JobsApi;
  let app: JobsApp;
  let closeS3: () => Promise<void>;
  let s3: ReturnType<typeof createS3Client>;
  let endpoint: string;
  const launches: JobLaunch[] = [];

  beforeAll(async () => {
    api = await startJobsApi();
    const local = await startLocalS3({ dir: join(api.harness.dir, 's3'), buckets: [bucket] });
    closeS3 = local.close;
    endpoint = local.endpoint;
    s3 = createS3Client({ region: 'us-east-1', endpoint });
    ({ app } = await api.start({
      launcher: { launch: async (job) => void launches.push(job) },
      env: awsJobsEnv(bucket, endpoint),
    }));
  });
  afterAll(async () => {
    await closeS3?.();
    await api?.close();
  });

  it('presigns the upload on the bucket, and the job takes the key as it is', async () => {
    const csv = generatedJsonl(20);
    const response = await app.request('/jobs/files', {
      method: 'POST',
      headers: { ...api.admin, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'catalog.jsonl', size: Buffer.byteLength(csv) }),
    });
    expect(response.status).toBe(201);
    const { location, upload } = await json(response);
    expect(location).toMatch(/^uploads\/[A-Za-z0-9_-]{20}\/catalog\.jsonl$/);
    expect(upload.url.startsWith(`${endpoint}/${bucket}/${location}?`)).toBe(true);
    expect(upload.url).toContain('X-Amz-Signature=');
    // The routes behind local links do not exist here.
    expect((await app.request('/jobs/uploads/x', { method: 'PUT', body: 'x' })).status).toBe(404);

    const stored = await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: csv });
    expect(stored.status).toBe(200);
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: location }));
    expect(await object.Body?.transformToString()).toBe(csv);

    const started = await api.post(app, { type: 'import-catalog', args: { file: location } });
    expect(started.status).toBe(202);
    expect((await json(started)).reason).toMatch(/ 20 rows /);
    // Recorded as every runner reads it: the jobs Lambda and Batch know no jobs folder.
    const job = await json(
      await app.request(started.headers.get('location') as string, { headers: api.admin }),
    );
    expect(job.args).toEqual({ file: `s3://${bucket}/${location}` });
  });

  it('presigns a download of an export, saved under its own name', async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'exports/all.csv', Body: 'id,sku\n' }));
    const started = await api.post(app, { type: 'export-catalog', args: { out: 'exports/all.csv' } });
    const id = (await json(started)).id;
    const link = await json(await app.request(`/jobs/${id}/files/out`, { headers: api.admin }));
    expect(link).toMatchObject({ name: 'all.csv', location: `s3://${bucket}/exports/all.csv`, size: 7 });
    const file = await fetch(link.url);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toMatch(/^attachment; filename="all\.csv"/);
    expect(await file.text()).toBe('id,sku\n');
  });
});
