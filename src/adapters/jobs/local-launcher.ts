import type { ChildProcess, spawn as Spawn } from 'node:child_process';
import type { JobLaunch, JobLauncher } from '../../app/ports/job-launcher.js';
import { JobLaunchError } from '../../app/ports/job-launcher.js';
import type { Logger } from '../../app/ports/logger.js';

export interface LocalJobLauncherOptions {
  /** The job CLI: src/entrypoints/job.ts when running under tsx, dist/batch/index.mjs next to a bundle. */
  entry: string;
  /** Node flags for the child; default this process's own (`--import tsx` and the like under tsx). */
  execArgv?: readonly string[];
  /** Added to this process's environment: where the child finds the table, the database, the buckets. */
  env: Readonly<Record<string, string>>;
  logger: Logger;
  /** Called when a run exits unsuccessfully, so its record does not stay `running` with no one to finish it. */
  onFailedExit?(jobId: string, description: string): void | Promise<void>;
}

export interface LocalJobLauncher extends JobLauncher {
  /** Resolves once every job launched so far has ended (tests, and a CLI that waits for its jobs). */
  idle(): Promise<void>;
  /** Stops every child still running (SIGTERM: jobs stop cleanly) and waits for them. */
  close(): Promise<void>;
}

/** Enough of a child's stderr to say why it failed, without keeping a long job's output in memory. */
const STDERR_TAIL_CHARS = 2_000;

/**
 * Both runners, locally: the job runs in a child process (`node <execArgv> <entry> --job-id <id>`), exactly
 * the command the Batch container and the jobs Lambda run, so a job cannot hold up the API's event loop.
 * The shards of an array job run one after another, each told its index the way Batch tells it.
 */
export function createLocalJobLauncher(options: LocalJobLauncherOptions): LocalJobLauncher {
  const running = new Set<Promise<void>>();
  const children = new Set<ChildProcess>();
  // Loaded with the first job: importing node:child_process takes ~6 ms (calm machine), and most cold starts never start one.
  let childProcess: Promise<typeof import('node:child_process')> | undefined;

  /** Tells the owner of the record; its failure (storage gone at shutdown) is logged, never thrown. */
  async function failed(jobId: string, description: string): Promise<void> {
    try {
      await options.onFailedExit?.(jobId, description);
    } catch (error) {
      options.logger.error('job failure not recorded', { jobId, description, error: String(error) });
    }
  }

  /** Starts one run; `started` settles once the process exists, `exited` with its exit code (null: killed). */
  function runShard(spawn: typeof Spawn, job: JobLaunch, shard: number) {
    const env: Record<string, string | undefined> = { ...process.env, ...options.env };
    if (job.shards > 1) {
      env.AWS_BATCH_JOB_ARRAY_INDEX = String(shard);
      env.AWS_BATCH_JOB_ARRAY_SIZE = String(job.shards);
    }
    const child = spawn(
      process.execPath,
      [...(options.execArgv ?? process.execArgv), options.entry, '--job-id', job.id],
      { env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    children.add(child);
    let stderr = '';
    child.stdout?.resume();
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_TAIL_CHARS);
    });
    const started = new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', reject);
    });
    const exited = started.then(
      () =>
        new Promise<number | null>((resolve) =>
          child.once('close', (code, signal) => {
            children.delete(child);
            if (code !== 0) options.logger.warn('job process failed', { jobId: job.id, shard, code, stderr });
            resolve(signal === null ? code : null);
          }),
        ),
      (error: unknown) => {
        children.delete(child);
        throw error;
      },
    );
    return { started, exited };
  }

  return {
    async launch(job) {
      childProcess ??= import('node:child_process');
      const { spawn } = await childProcess;
      const first = runShard(spawn, job, 0);
      // Followed in the background: POST /jobs answers once the first process runs.
      const follow = (async () => {
        for (let shard = 0; shard < job.shards; shard++) {
          const code = await (shard === 0 ? first : runShard(spawn, job, shard)).exited;
          if (code !== 0) {
            const how = code === null ? 'was killed' : `exited with code ${code}`;
            return failed(job.id, `The job process ${how}.`);
          }
        }
      })().catch(() => failed(job.id, 'The job process could not be started.'));
      running.add(follow);
      void follow.finally(() => running.delete(follow));
      await first.started.catch((error: unknown) => {
        throw new JobLaunchError(`Job ${job.id} could not be started locally.`, { cause: error });
      });
    },

    async idle() {
      while (running.size > 0) await Promise.all(running);
    },

    async close() {
      for (const child of children) child.kill('SIGTERM');
      await Promise.all(running);
    },
  };
}
