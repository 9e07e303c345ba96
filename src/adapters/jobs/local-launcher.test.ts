import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../app/ports/logger.js';
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
});
