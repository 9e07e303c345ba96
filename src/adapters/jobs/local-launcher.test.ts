import { access, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../app/ports/logger.js';
import { UnavailableError } from '../../domain/shared/errors.js';
import { createLocalJobLauncher } from './local-launcher.js';

/** Stands in for the job CLI: writes what it was started with, then exits with EXIT_CODE. */
const FAKE_JOB_CLI = `
import { writeFileSync } from 'node:fs';
const jobId = process.argv[process.argv.indexOf('--job-id') + 1];
const shard = process.env.AWS_BATCH_JOB_ARRAY_INDEX ?? 'none';
writeFileSync(process.env.OUT_DIR + '/' + jobId + '-' + shard + '.json', JSON.stringify({
  argv: process.argv.slice(2), size: process.env.AWS_BATCH_JOB_ARRAY_SIZE ?? null, at: Date.now(),
}));
process.exit(Number(process.env.EXIT_CODE ?? 0));
`;

describe('local job launcher', () => {
  let dir: string;
  let entry: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'slimshop-launcher-'));
    entry = join(dir, 'fake-job.mjs');
    await writeFile(entry, FAKE_JOB_CLI);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  function launcher(env: Record<string, string>) {
    const failures: [string, string][] = [];
    const local = createLocalJobLauncher({
      entry,
      execArgv: [],
      env: { OUT_DIR: dir, ...env },
      logger: silentLogger,
      onFailedExit: (id, description) => void failures.push([id, description]),
    });
    return { local, failures };
  }
  const written = async (id: string, shard: string) =>
    JSON.parse(await readFile(join(dir, `${id}-${shard}.json`), 'utf8'));
  const exists = (name: string) =>
    access(join(dir, name)).then(
      () => true,
      () => false,
    );
  /** Polls until the file exists (a child says it is ready); the test's timeout bounds the wait. */
  async function until(name: string): Promise<void> {
    while (!(await exists(name))) await new Promise((resolve) => setTimeout(resolve, 20));
  }

  it('runs the job CLI with --job-id in a child process given the environment', async () => {
    const { local, failures } = launcher({});
    await local.launch({ id: 'job1', type: 'import-catalog', runner: 'lambda', shards: 1 });
    await local.idle();
    expect((await written('job1', 'none')).argv).toEqual(['--job-id', 'job1']);
    expect(failures).toEqual([]);
  });

  it('runs the shards of an array job one after another, each told its index and the size', async () => {
    const { local } = launcher({});
    await local.launch({ id: 'job2', type: 'reoptimize-images', runner: 'batch', shards: 3 });
    await local.idle();
    const shards = await Promise.all(['0', '1', '2'].map((shard) => written('job2', shard)));
    expect(shards.map((s) => s.size)).toEqual(['3', '3', '3']);
    expect(shards[0].at).toBeLessThanOrEqual(shards[1].at);
    expect(shards[1].at).toBeLessThanOrEqual(shards[2].at);
  });

  it('reports a run that exits unsuccessfully, and stops its remaining shards', async () => {
    const { local, failures } = launcher({ EXIT_CODE: '75' });
    await local.launch({ id: 'job3', type: 'reoptimize-images', runner: 'batch', shards: 2 });
    await local.idle();
    expect(failures).toEqual([['job3', 'The job process exited with code 75.']]);
    expect((await readdir(dir)).filter((name) => name.startsWith('job3'))).toEqual(['job3-0.json']);
  });

  it('stops running jobs on close', async () => {
    const failures: [string, string][] = [];
    const sleeper = join(dir, 'sleeper.mjs');
    await writeFile(sleeper, 'setTimeout(() => {}, 60_000);');
    const sleeping = createLocalJobLauncher({
      entry: sleeper,
      execArgv: [],
      env: {},
      logger: silentLogger,
      onFailedExit: (id, description) => void failures.push([id, description]),
    });
    await sleeping.launch({ id: 'job4', type: 'export-catalog', runner: 'lambda', shards: 1 });
    await sleeping.close();
    expect(failures).toEqual([['job4', 'The job process was killed.']]);
  });

  /** A job that says it started (`<id>.started`), then waits until `<id>.go` exists, then exits 0. */
  async function gatedLauncher(extra: { maxProcesses?: number; maxWaiting?: number }) {
    const gated = join(dir, 'gated.mjs');
    await writeFile(
      gated,
      `import { existsSync, writeFileSync } from 'node:fs';
const id = process.argv[process.argv.indexOf('--job-id') + 1];
writeFileSync(process.env.OUT_DIR + '/' + id + '.started', '');
const timer = setInterval(() => { if (existsSync(process.env.OUT_DIR + '/' + id + '.go')) clearInterval(timer); }, 10);`,
    );
    const failures: [string, string][] = [];
    const local = createLocalJobLauncher({
      entry: gated,
      execArgv: [],
      env: { OUT_DIR: dir },
      logger: silentLogger,
      onFailedExit: (id, description) => void failures.push([id, description]),
      ...extra,
    });
    return { local, failures };
  }
  const job = (id: string) => ({ id, type: 'export-catalog', runner: 'lambda' as const, shards: 1 });

  it('runs at most maxProcesses jobs at once; the others wait, queued, and start in order as slots free', async () => {
    const { local, failures } = await gatedLauncher({ maxProcesses: 1 });
    await local.launch(job('slot-a'));
    await local.launch(job('slot-b'));
    await local.launch(job('slot-c'));
    await until('slot-a.started');
    expect(local.isWaiting('slot-a')).toBe(false);
    expect([local.isWaiting('slot-b'), local.isWaiting('slot-c')]).toEqual([true, true]);
    expect(await exists('slot-b.started')).toBe(false);

    await writeFile(join(dir, 'slot-a.go'), '');
    await until('slot-b.started');
    expect(await exists('slot-c.started')).toBe(false);
    expect(local.isWaiting('slot-c')).toBe(true);
    await writeFile(join(dir, 'slot-b.go'), '');
    await writeFile(join(dir, 'slot-c.go'), '');
    await local.idle();
    expect(await exists('slot-c.started')).toBe(true);
    expect(failures).toEqual([]);
  });

  it('refuses a job beyond the waiting bound with a 503-kind error saying why', async () => {
    const { local } = await gatedLauncher({ maxProcesses: 1, maxWaiting: 1 });
    await local.launch(job('full-a'));
    await local.launch(job('full-b'));
    const refused = local.launch(job('full-c'));
    await expect(refused).rejects.toBeInstanceOf(UnavailableError);
    await expect(refused).rejects.toThrow(
      '1 jobs are already waiting for one of the 1 job processes: submit this one again once some have finished.',
    );
    await local.close();
  });

  it('on close, jobs still waiting never start and are reported so', async () => {
    const { local, failures } = await gatedLauncher({ maxProcesses: 1 });
    await local.launch(job('close-a'));
    await local.launch(job('close-b'));
    await until('close-a.started');
    await local.close();
    expect(failures).toEqual([
      ['close-b', 'The server stopped before the job started.'],
      ['close-a', 'The job process was killed.'],
    ]);
    expect(await exists('close-b.started')).toBe(false);
    await expect(local.launch(job('close-c'))).rejects.toBeInstanceOf(UnavailableError);
  });

  it('kills a job process that ignores SIGTERM once the grace period is over, and says so', async () => {
    const stubborn = join(dir, 'stubborn.mjs');
    await writeFile(
      stubborn,
      `import { writeFileSync } from 'node:fs';
process.on('SIGTERM', () => {});
writeFileSync(process.env.OUT_DIR + '/stubborn.ready', '');
setInterval(() => {}, 1000);`,
    );
    const failures: [string, string][] = [];
    const local = createLocalJobLauncher({
      entry: stubborn,
      execArgv: [],
      env: { OUT_DIR: dir },
      logger: silentLogger,
      onFailedExit: (id, description) => void failures.push([id, description]),
      stopGraceMs: 300,
    });
    await local.launch(job('stubborn'));
    // Its SIGTERM handler is installed before the file is written: the signal below finds it ignored.
    await until('stubborn.ready');
    await local.close();
    expect(failures).toEqual([
      [
        'stubborn',
        'The job process did not stop within 0.3 s of SIGTERM (the server was stopping) and was killed.',
      ],
    ]);
  });
});
