import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
let dir: string;

/** Runs the CLI as `npm run advise` does (tsx), returning its exit code and output. */
async function advise(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [
      '--import',
      'tsx',
      'src/entrypoints/advise.ts',
      ...args,
    ]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

async function file(name: string, content: unknown): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'advise-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('npm run advise', () => {
  it('prints the advice as JSON for an example workload, exit 0', async () => {
    const result = await advise('--workload', 'examples/workloads/shop-small.json');
    expect(result.code).toBe(0);
    const advice = JSON.parse(result.stdout);
    expect(advice.api.recommendation.candidateId).toBe('lambda-http-api');
    expect(advice.jobs).toHaveLength(2);
    expect(advice.data.candidates.map((c: { id: string }) => c.id)).toContain('aurora-serverless-v2');
  });

  // util-linux `script` runs the CLI on a pseudo-terminal, as a person would.
  it.skipIf(!existsSync('/usr/bin/script') || process.platform !== 'linux')(
    'prints a table on a terminal when no --format is given',
    async () => {
      const command = `${process.execPath} --import tsx src/entrypoints/advise.ts --workload examples/workloads/shop-small.json`;
      const { stdout } = await run('/usr/bin/script', ['-qec', command, '/dev/null']);
      expect(stdout).toMatch(/^Advice for us-east-1/);
      expect(stdout).toMatch(/Recommendation: Lambda \+ API Gateway HTTP API \(\$\d+\.\d{2}\/month\)/);
    },
  );

  it('prints a table with --format table', async () => {
    const result = await advise('--workload', 'examples/workloads/steady-busy.json', '--format', 'table');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/== api/);
    expect(result.stdout).toMatch(/Recommendation: /);
    expect(result.stdout).toMatch(/no: DynamoDB has no joins/);
  });

  it('exits 2 naming the field for an invalid workload', async () => {
    const bad = await file('bad.json', { jobs: [{ name: 'x', durationMinutes: 'long', runsPerMonth: 1 }] });
    const result = await advise('--workload', bad);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/jobs\.0\.durationMinutes/);
    expect(result.stdout).toBe('');
  });

  it('exits 2 for a file that is not JSON, a missing file and unknown arguments', async () => {
    expect((await advise('--workload', await file('broken.json', '{'))).code).toBe(2);
    expect((await advise('--workload', join(dir, 'absent.json'))).code).toBe(2);
    const unknown = await advise('--workload', 'examples/workloads/shop-small.json', '--colour', 'red');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/--colour/);
  });

  it('applies --prices and exits 2 for an unknown price id', async () => {
    const workload = await file('api.json', {
      api: { requestsPerMonth: 1e6, memoryMb: 128, avgDurationMs: 100 },
    });
    const base = JSON.parse((await advise('--workload', workload)).stdout);
    const dearer = await file('prices.json', { 'lambda.request': 1.2e-6 });
    const priced = JSON.parse((await advise('--workload', workload, '--prices', dearer)).stdout);
    expect(priced.api.candidates[0].monthlyUsd - base.api.candidates[0].monthlyUsd).toBeCloseTo(1, 2);
    const typo = await advise(
      '--workload',
      workload,
      '--prices',
      await file('typo.json', { 'lambda.req': 1 }),
    );
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/lambda\.req/);
  });

  it('derives the API workload from a bench result with --from-metrics', async () => {
    const result = await advise('--from-metrics', 'bench/results/catalog-read.json');
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/Workload derived from/);
    expect(JSON.parse(result.stdout).api.candidates).toHaveLength(4);
  });

  it('derives the API workload from the request log the app writes, and exits 2 for a log with none', async () => {
    const line = (second: number) =>
      JSON.stringify({
        level: 'INFO',
        message: 'request',
        timestamp: new Date(Date.UTC(2026, 10, 26, 10, 0, second)).toISOString(),
        service: 'slimshop',
        method: 'GET',
        path: '/products',
        status: 200,
        ms: 12.5,
        requestId: `r${second}`,
      });
    const log = await file('app.log', [0, 1, 2, 3, 4].map(line).join('\n'));
    const result = await advise('--from-metrics', log, '--format', 'table');
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/"avgDurationMs":12.5/);
    expect(result.stdout).toMatch(/Recommendation: Lambda/);
    const none = await advise('--from-metrics', await file('empty.log', '{"message":"started"}'));
    expect(none.code).toBe(2);
  });
});
