import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADVISOR_PRESETS } from '../../src/http/advisor-page/presets.js';
import { JSON_HEADERS, json, startTestApi, type TestApi } from '../support/test-api.js';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
const examples = readdirSync(join(root, 'examples/workloads')).filter((name) => name.endsWith('.json'));

/** The CLI as `npm run advise` runs it; exit code and output. */
async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', 'src/entrypoints/advise.ts', ...args],
      { cwd: root },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return failed;
  }
}

describe('POST /advisor', () => {
  let api: TestApi;
  const advise = (body: unknown, query = '') =>
    api.request(`/advisor${query}`, {
      method: 'POST',
      headers: JSON_HEADERS,
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  beforeAll(async () => {
    api = await startTestApi({ storage: 'memory' });
  });
  afterAll(() => api.close());

  it.each(examples)('answers %s with exactly the CLI JSON, anonymously', async (name) => {
    const file = join('examples/workloads', name);
    const [response, printed] = await Promise.all([
      advise(await readFile(join(root, file), 'utf8')),
      cli('--workload', file, '--format', 'json'),
    ]);

    expect(printed.code).toBe(0);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    // Same object, same key order: the serialisations are identical, byte for byte.
    expect(await response.text()).toBe(JSON.stringify(JSON.parse(printed.stdout)));
  });

  it('names the offending field in a 400 problem, as the CLI does with exit 2', async () => {
    const workload = { jobs: [{ name: 'export', durationMinutes: 'long', runsPerMonth: 3 }] };
    const response = await advise(workload);
    const problem = await json(response);

    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(problem.errors).toEqual([
      { path: 'jobs.0.durationMinutes', message: expect.stringMatching(/expected number/) },
    ]);

    const dir = await mkdtemp(join(tmpdir(), 'advisor-api-'));
    try {
      await writeFile(join(dir, 'w.json'), JSON.stringify(workload));
      const printed = await cli('--workload', join(dir, 'w.json'));
      expect(printed.code).toBe(2);
      expect(printed.stderr).toContain('jobs.0.durationMinutes');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('rejects unknown fields and out-of-range values, each by its path', async () => {
    const response = await advise({
      region: 'eu-west-1',
      api: { requestsPerMonth: -1, memoryMB: 512 },
      data: { itemKb: 0 },
    });
    const paths = (await json(response)).errors.map((e: { path: string }) => e.path).sort();

    expect(response.status).toBe(400);
    expect(paths).toEqual(['api.memoryMB', 'api.requestsPerMonth', 'data.itemKb', 'region']);
  });

  it('answers malformed JSON with 400, another media type with 415, a huge body with 413', async () => {
    const malformed = await advise('{"api": {');
    expect(malformed.status).toBe(400);
    expect((await json(malformed)).errors).toEqual([{ path: 'body', message: 'is not valid JSON' }]);

    const text = await api.request('/advisor', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{}',
    });
    expect(text.status).toBe(415);

    const jobs = Array.from({ length: 5000 }, (_, i) => ({
      name: `job-${i}`,
      durationMinutes: 1,
      runsPerMonth: 1,
    }));
    const huge = await advise({ jobs });
    expect(huge.status).toBe(413);
  });

  it('adds cost curves only with ?curves=true, the advice itself unchanged', async () => {
    const workload = ADVISOR_PRESETS.find((p) => p.id === 'shop-small')?.workload;
    const plain = await json(await advise(workload));
    const { curves, ...advice } = await json(await advise(workload, '?curves=true'));

    expect(plain.curves).toBeUndefined();
    expect(advice).toEqual(plain);
    expect(curves.api.variable).toBe('api.requestsPerMonth');
    expect(curves.api.series.map((s: { candidateId: string }) => s.candidateId)).toEqual(
      plain.api.candidates.map((c: { id: string }) => c.id),
    );
    expect(curves.jobs.map((j: { name: string }) => j.name)).toEqual([
      'image-variants',
      'reoptimise-all-images',
    ]);
    // Lambda's line stops at its 15-minute limit.
    const lambda = curves.jobs[0].series.find((s: { candidateId: string }) => s.candidateId === 'lambda');
    const last = curves.jobs[0].x.findLastIndex((_: number, i: number) => lambda.usd[i] !== null);
    expect(curves.jobs[0].x[last]).toBeLessThanOrEqual(15);
    expect(curves.jobs[0].x[last + 1]).toBeGreaterThan(15);

    expect((await advise(workload, '?curves=yes')).status).toBe(400);
  });

  it('is in the OpenAPI document with the advisor workload schema', async () => {
    const doc = await json(await api.request('/openapi.json'));
    const operation = doc.paths['/advisor'].post;

    // Public: an empty requirement list lifts the document's default bearer requirement.
    expect(operation.security).toEqual([]);
    expect(operation.requestBody.content['application/json'].schema.$ref).toBe(
      '#/components/schemas/AdvisorWorkload',
    );
    expect(Object.keys(doc.components.schemas.AdvisorWorkload.properties)).toEqual([
      'region',
      'api',
      'jobs',
      'data',
    ]);
    expect(operation.responses['200'].content['application/json'].schema.$ref).toBe(
      '#/components/schemas/Advice',
    );
    expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['400', '413', '415']));
  });
});

describe('the page presets', () => {
  it('are exactly the example workloads', () => {
    expect(ADVISOR_PRESETS.map((p) => `${p.id}.json`).sort()).toEqual([...examples].sort());
  });
});
