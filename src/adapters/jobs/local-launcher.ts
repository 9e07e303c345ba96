import type { ChildProcess, spawn as Spawn } from 'node:child_process';
import type { JobLaunch, JobLauncher } from '../../app/ports/job-launcher.js';
import { JobLaunchError } from '../../app/ports/job-launcher.js';
import type { Logger } from '../../app/ports/logger.js';
import { UnavailableError } from '../../domain/shared/errors.js';

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
  /** Jobs running at once, each in its own process (default 2); later jobs wait, queued, in launch order. */
  maxProcesses?: number;
  /** Jobs waiting for a process before launch() refuses more with an UnavailableError (default 100). */
  maxWaiting?: number;
  /** On close(), how long a process may take to stop after SIGTERM before it is killed (default 25 s). */
  stopGraceMs?: number;
}

export interface LocalJobLauncher extends JobLauncher {
  /** Resolves once every job launched so far has ended (tests, and a CLI that waits for its jobs). */
  idle(): Promise<void>;
  /**
   * Stops every process still running (SIGTERM: jobs stop cleanly; SIGKILL for one still there after the
   * grace period) and waits for them; jobs still waiting never start. Each is reported failed, saying why.
   */
  close(): Promise<void>;
  /** True while the job waits here for a free process: queued on purpose, not lost. */
  isWaiting(jobId: string): boolean;
}

/** Enough of a child's stderr to say why it failed, without keeping a long job's output in memory. */
const STDERR_TAIL_CHARS = 2_000;
const DEFAULT_MAX_PROCESSES = 2;
// Waiting jobs cost a few bytes each, but a queue without a bound is a way to fill memory with requests.
const DEFAULT_MAX_WAITING = 100;
// The server's own default drain (SHUTDOWN_GRACE_MS).
const DEFAULT_STOP_GRACE_MS = 25_000;

/** How one process ended: its exit code (null: ended by a signal), and whether we had to SIGKILL it. */
interface Exit {
  code: number | null;
  killedAfterGrace: boolean;
}

/**
 * Both runners, locally: the job runs in a child process (`node <execArgv> <entry> --job-id <id>`), exactly
 * the command the Batch container and the jobs Lambda run, so a job cannot hold up the API's event loop.
 * The shards of an array job run one after another, each told its index the way Batch tells it. At most
 * `maxProcesses` jobs run at once (a machine's cores, not the number of requests, decide the load); the
 * others wait here in launch order, their records `queued` as they would be in Lambda's or Batch's queue.
 *
 * @example
 * const launcher = createLocalJobLauncher({ entry: 'dist/batch/index.mjs', env: {}, logger, maxProcesses: 2 });
 * await launcher.launch({ id, type: 'import-catalog', runner: 'lambda', shards: 1 }); // started or queued
 * await launcher.close(); // on shutdown: SIGTERM, SIGKILL after the grace period
 */
export function createLocalJobLauncher(options: LocalJobLauncherOptions): LocalJobLauncher {
  const maxProcesses = options.maxProcesses ?? DEFAULT_MAX_PROCESSES;
  const maxWaiting = options.maxWaiting ?? DEFAULT_MAX_WAITING;
  const stopGraceMs = options.stopGraceMs ?? DEFAULT_STOP_GRACE_MS;
  const running = new Set<Promise<void>>();
  const children = new Set<ChildProcess>();
  const killedAfterGrace = new WeakSet<ChildProcess>();
  const waiting: JobLaunch[] = [];
  let active = 0;
  let closing = false;
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

  function describeExit({ code, killedAfterGrace: killed }: Exit): string {
    if (killed) {
      return `The job process did not stop within ${stopGraceMs / 1000} s of SIGTERM (the server was stopping) and was killed.`;
    }
    return code === null ? 'The job process was killed.' : `The job process exited with code ${code}.`;
  }

  /** Starts one run; `started` settles once the process exists, `exited` once it has ended. */
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
        new Promise<Exit>((resolve) =>
          child.once('close', (code, signal) => {
            children.delete(child);
            if (code !== 0) options.logger.warn('job process failed', { jobId: job.id, shard, code, stderr });
            resolve({ code: signal === null ? code : null, killedAfterGrace: killedAfterGrace.has(child) });
          }),
        ),
      (error: unknown) => {
        children.delete(child);
        throw error;
      },
    );
    return { started, exited };
  }

  /** Runs a job's shards one after another in one slot; resolves once its first process is running. */
  function start(spawn: typeof Spawn, job: JobLaunch): Promise<void> {
    active++;
    const first = runShard(spawn, job, 0);
    // Followed in the background: POST /jobs answers once the first process runs.
    const follow = (async () => {
      for (let shard = 0; shard < job.shards; shard++) {
        if (shard > 0 && closing) return failed(job.id, 'The server stopped before the job finished.');
        const exit = await (shard === 0 ? first : runShard(spawn, job, shard)).exited;
        if (exit.code !== 0) return failed(job.id, describeExit(exit));
      }
    })()
      .catch(() => failed(job.id, 'The job process could not be started.'))
      .finally(() => {
        active--;
        startWaiting(spawn);
      });
    running.add(follow);
    void follow.finally(() => running.delete(follow));
    return first.started;
  }

  function startWaiting(spawn: typeof Spawn): void {
    while (!closing && active < maxProcesses && waiting.length > 0) {
      // A failed start is reported by start()'s follower; nobody awaits this one.
      start(spawn, waiting.shift() as JobLaunch).catch(() => undefined);
    }
  }

  /** SIGTERM now, SIGKILL once the grace period is over if the process is still there. */
  function stop(child: ChildProcess): void {
    child.kill('SIGTERM');
    const timer = setTimeout(() => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      killedAfterGrace.add(child);
      child.kill('SIGKILL');
    }, stopGraceMs);
    child.once('close', () => clearTimeout(timer));
  }

  return {
    async launch(job) {
      if (closing) {
        throw new UnavailableError('The server is stopping: submit the job again once it is back.', {
          retryAfterSeconds: 30,
        });
      }
      childProcess ??= import('node:child_process');
      const { spawn } = await childProcess;
      if (active < maxProcesses) {
        await start(spawn, job).catch((error: unknown) => {
          throw new JobLaunchError(`Job ${job.id} could not be started locally.`, { cause: error });
        });
        return;
      }
      if (waiting.length >= maxWaiting) {
        throw new UnavailableError(
          `${waiting.length} jobs are already waiting for one of the ${maxProcesses} job processes: submit this one again once some have finished.`,
          { retryAfterSeconds: 60 },
        );
      }
      waiting.push(job);
      options.logger.info('job waiting for a job process', { jobId: job.id, waiting: waiting.length });
    },

    async idle() {
      while (running.size > 0) await Promise.all(running);
    },

    isWaiting: (jobId) => waiting.some((job) => job.id === jobId),

    async close() {
      closing = true;
      const never = waiting.splice(0);
      for (const child of children) stop(child);
      await Promise.all(never.map((job) => failed(job.id, 'The server stopped before the job started.')));
      while (running.size > 0) await Promise.all(running);
    },
  };
}
