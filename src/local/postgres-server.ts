import type { Logger } from '../app/ports/logger.js';
import type { PostgresBinaries } from './postgres-binaries.js';
import type { SystemUser } from './postgres-run-as.js';
import { type StandInExit, type StandInProcess, spawnStandIn } from './stand-in-process.js';

export interface PostgresServerOptions {
  binaries: PostgresBinaries;
  clusterDir: string;
  port: number;
  /** `-c name=value` pairs beyond the data directory and port. */
  flags: readonly string[];
  runAs?: SystemUser;
  logger: Logger;
  /** Waits before each restart of a server that died; their count bounds the attempts. */
  restartDelaysMs?: readonly number[];
}

export interface SupervisedPostgres {
  /** Stops the server (fast shutdown) and any restart still pending; at once when nothing runs. */
  stop(): Promise<void>;
}

// With lc_messages=C (below) the server says this, in English, once it accepts connections.
const READY_LINE = 'database system is ready to accept connections';
// Crash recovery of a laptop's data takes seconds; a server silent this long will not come up.
const START_TIMEOUT_MS = 120_000;
// A fast shutdown takes well under a second; past this the server's whole process group is killed.
const STOP_TIMEOUT_MS = 4_000;
// What is kept of the server's output to explain a failed start.
const LOG_LINES_KEPT = 20;
/** Half a second, then doubling: ~15 s for a server to come back before the API gives up on it. */
export const RESTART_DELAYS_MS: readonly number[] = [500, 1_000, 2_000, 4_000, 8_000];
// A server that ran this long before dying starts a new count of attempts; one dying sooner continues it.
const STABLE_RUN_MS = 60_000;

/**
 * Runs the postmaster and keeps it running: a server that dies (a crash, kill -9, an OOM kill) is started
 * again after RESTART_DELAYS_MS, each attempt logged; when none succeeds the API keeps answering 503 for
 * orders and stock, and an error line says so.
 */
export async function startSupervisedPostgres(options: PostgresServerOptions): Promise<SupervisedPostgres> {
  const delays = options.restartDelaysMs ?? RESTART_DELAYS_MS;
  const { logger } = options;
  let current = await startServer(options);
  let readyAt = Date.now();
  let attempts = 0;
  let stopping = false;
  let restarting: Promise<void> = Promise.resolve();
  // A server a restart has spawned that is not ready yet (crash recovery can take a while).
  let launching: StandInProcess | undefined;
  const cancelWait = new AbortController();

  const restart = async (exit: StandInExit) => {
    if (Date.now() - readyAt >= STABLE_RUN_MS) attempts = 0;
    logger.warn('PostgreSQL stopped unexpectedly', { exit, port: options.port });
    while (attempts < delays.length) {
      const delayMs = delays[attempts] ?? 0;
      attempts += 1;
      logger.warn('restarting PostgreSQL', { attempt: attempts, attempts: delays.length, inMs: delayMs });
      if (!(await wait(delayMs, cancelWait.signal)) || stopping) return;
      try {
        current = await startServer(options, (server) => {
          launching = server;
        });
      } catch (error) {
        if (stopping) return;
        logger.warn('PostgreSQL did not restart', { attempt: attempts, reason: (error as Error).message });
        continue;
      }
      readyAt = Date.now();
      logger.info('PostgreSQL restarted', { attempt: attempts, port: options.port });
      if (stopping) return;
      watch(current);
      return;
    }
    logger.error(
      `PostgreSQL could not be restarted after ${delays.length} attempts: orders, stock and reports answer 503 until npm start is run again`,
      { clusterDir: options.clusterDir, port: options.port },
    );
  };

  const watch = (server: StandInProcess) => {
    void server.exited.then((exit) => {
      if (!stopping && server === current) restarting = restart(exit);
    });
  };
  watch(current);

  return {
    async stop() {
      stopping = true;
      cancelWait.abort();
      // A server still starting is stopped too, and the restart ends before the last server is stopped.
      await launching?.stop();
      await restarting;
      await current.stop();
    },
  };
}

/** Starts the postmaster and resolves once it accepts connections; rejects, with what it said, if it exits first. */
async function startServer(
  options: PostgresServerOptions,
  spawned: (server: StandInProcess) => void = () => {},
): Promise<StandInProcess> {
  const recent: string[] = [];
  let onReady = () => {};
  const ready = new Promise<void>((resolve) => {
    onReady = resolve;
  });
  const server = spawnStandIn(
    options.binaries.postgres,
    ['-D', options.clusterDir, '-p', String(options.port), ...['-c', 'lc_messages=C'], ...options.flags],
    {
      // Fast shutdown: sessions are ended, committed work is kept.
      stopSignal: 'SIGINT',
      killAfterMs: STOP_TIMEOUT_MS,
      ...(options.runAs === undefined ? {} : { uid: options.runAs.uid, gid: options.runAs.gid }),
      onLine: (line) => {
        recent.push(line);
        if (recent.length > LOG_LINES_KEPT) recent.shift();
        options.logger.debug('postgres', { line });
        if (line.includes(READY_LINE)) onReady();
      },
    },
  );
  spawned(server);
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    ready.then(() => 'ready' as const),
    server.exited.then(() => 'exited' as const),
    new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), START_TIMEOUT_MS);
    }),
  ]);
  clearTimeout(timer);
  if (outcome === 'ready') return server;
  await server.stop();
  const why = outcome === 'exited' ? 'exited' : `was not ready within ${START_TIMEOUT_MS / 1000} s`;
  throw new Error(`PostgreSQL ${why} on port ${options.port}: ${recent.join(' | ') || '(no output)'}`);
}

/** Resolves true after `ms`, or false as soon as `signal` aborts. */
function wait(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
