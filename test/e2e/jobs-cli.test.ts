import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCatalogJob } from '../../src/jobs/import-catalog.js';
import { JOBS } from '../../src/jobs/registry.js';
import { generatedJsonl } from '../fixtures/jobs/catalog-rows.js';
import { comparable, type JobHarness, startJobHarness } from '../fixtures/jobs/job-harness.js';
import { runJobProcess, spawnJob } from '../fixtures/jobs/spawn-job.js';

let harness: JobHarness;
beforeAll(async () => {
  harness = await startJobHarness();
});
afterAll(() => harness.close());

/** A port nothing listens on: connections to it are refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('npm run job: usage and exit codes', () => {
  it('--help lists every job and exits 0', async () => {
    const { code, stdout } = await runJobProcess(['--help']);
    expect(code).toBe(0);
    for (const name of Object.keys(JOBS)) expect(stdout).toContain(name);
  });

  it('exits 2 for no job, an unknown job, a missing or unknown option, or a bad value', async () => {
    const runs = await Promise.all([
      runJobProcess([]),
      runJobProcess(['import-everything']),
      runJobProcess(['import-catalog']),
      runJobProcess(['import-catalog', '--file', 'x.jsonl', '--colour', 'red']),
      runJobProcess(['import-catalog', '--file', 'x.jsonl', '--format', 'xml']),
    ]);
    expect(runs.map((run) => run.code)).toEqual([2, 2, 2, 2, 2]);
    expect(runs[1]?.stderr).toContain('Unknown job "import-everything"');
    expect(runs[2]?.stderr).toContain('--file: is required');
    expect(runs[3]?.stderr).toContain('--colour');
    expect(runs[4]?.stderr).toContain('--format');
    expect(runs.every((run) => run.stdout === '')).toBe(true);
  });

  it('exits 1 when the input file does not exist, naming it', async () => {
    const table = await harness.table();
    const { code, stderr, stdout } = await runJobProcess(
      ['import-catalog', '--file', `${harness.dir}/missing.jsonl`],
      table.env,
    );
    expect(code).toBe(1);
    expect(stderr).toContain('missing.jsonl');
    expect(stdout).toBe('');
  });

  it('exits 75 when DynamoDB refuses the connection, naming the address and npm start instead of "retry"', async () => {
    const file = await harness.write('unreachable.jsonl', generatedJsonl(10));
    const port = await closedPort();
    const { code, stderr } = await runJobProcess(['import-catalog', '--file', file], {
      TABLE_NAME: 'anything',
      DYNAMODB_ENDPOINT: `http://127.0.0.1:${port}`,
    });
    expect(code).toBe(75);
    expect(stderr).toContain(`nothing answered at 127.0.0.1:${port} (connection refused)`);
    expect(stderr).toContain('npm start');
    expect(stderr).not.toMatch(/retry/);
  });

  it('prints progress on stderr and the JSON summary alone on stdout', async () => {
    const table = await harness.table();
    const file = await harness.write('small.jsonl', generatedJsonl(150));
    const { code, stdout, stderr } = await runJobProcess(['import-catalog', '--file', file], table.env);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      read: 150,
      imported: 148,
      rejected: 2,
      unchanged: 0,
      report: `${file}.rejected.jsonl`,
    });
    expect(stderr).toMatch(/^import-catalog: 150 of 150 rows \(100%\)$/m);
  });
});

describe('import-catalog killed and rerun', () => {
  const ROWS = 2_000;

  it('SIGKILL mid-import, then a rerun: the same catalog as one clean import', async () => {
    const file = await harness.write('kill.jsonl', generatedJsonl(ROWS));
    const clean = await harness.table();
    await clean.run(importCatalogJob, { file });
    const expected = comparable(await clean.products());

    const table = await harness.table();
    const first = spawnJob(['import-catalog', '--file', file], table.env);
    // Killed on its first progress line: its first 100 rows are written and most of the 2,000 are not.
    // A sleep here would let a fast machine finish the import before the kill.
    await first.waitForStderr(' rows (');
    first.child.kill('SIGKILL');
    expect((await first.done).signal).toBe('SIGKILL');
    const partial = (await table.products()).length;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(expected.length); // killed mid-import, or this test proves nothing

    const rerun = await runJobProcess(['import-catalog', '--file', file], table.env);
    expect(rerun.code, rerun.stderr).toBe(0);
    const summary = JSON.parse(rerun.stdout);
    expect(summary).toMatchObject({ read: ROWS, rejected: 20 });
    // What the killed run had written is unchanged now, and only the rest is imported.
    expect(summary.unchanged).toBeGreaterThan(0);
    expect(summary.imported + summary.unchanged).toBe(1_980);
    expect(comparable(await table.products())).toEqual(expected);
    // The SKUs are guarded as the API guards them: another product cannot take one.
    const now = new Date().toISOString();
    for (const product of expected.slice(0, 5)) {
      await expect(
        table.repository.insertProduct({
          ...product,
          id: `other-${product.id}`,
          createdAt: now,
          updatedAt: now,
        }),
      ).rejects.toMatchObject({ kind: 'conflict' });
    }
  }, 300_000);

  it('SIGTERM stops cleanly with exit 75, and a rerun finishes the import', async () => {
    const file = await harness.write('term.jsonl', generatedJsonl(ROWS));
    const table = await harness.table();
    const first = spawnJob(['import-catalog', '--file', file], table.env);
    await first.waitForStderr('import-catalog: ');
    first.child.kill('SIGTERM');
    const stopped = await first.done;
    expect(stopped.code).toBe(75);
    expect(stopped.stdout).toBe('');
    // No half report under either name: the rerun writes the whole one.
    expect(existsSync(`${file}.rejected.jsonl`) || existsSync(`${file}.rejected.jsonl.partial`)).toBe(false);
    const rerun = await runJobProcess(['import-catalog', '--file', file], table.env);
    expect(rerun.code, rerun.stderr).toBe(0);
    const summary = JSON.parse(rerun.stdout);
    expect(summary).toMatchObject({ read: ROWS, rejected: 20 });
    expect(summary.imported + summary.unchanged).toBe(1_980);
    expect(await table.products()).toHaveLength(1_980);
    expect(await harness.read(`${file}.rejected.jsonl`)).toMatch(/^\{"line":8,"id":null,/);
  }, 300_000);
});
