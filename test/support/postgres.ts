import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { inject } from 'vitest';
import { migrate } from '../../src/adapters/postgres/migrate.js';
import { createPostgresPool, type PostgresTimeouts } from '../../src/adapters/postgres/pool.js';
import { startEmbeddedPostgres } from '../../src/local/postgres.js';
import { perTestFile } from './per-test-file.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The shared test server's maintenance database (see postgres-global-setup.ts). */
    postgresAdminUrl: string;
  }
}

export interface TestDatabase {
  connectionString: string;
  /** A pool on the database, sized for concurrency tests (max 25 unless told otherwise). */
  pool: pg.Pool;
  /** Ends the pool and drops the database. */
  drop(): Promise<void>;
}

export interface TestDatabaseOptions {
  /** Default true: the repo's migrations are applied. */
  migrate?: boolean;
  max?: number;
  timeouts?: Partial<PostgresTimeouts>;
}

const SERVER_WAIT_MS = 60_000;

/**
 * A new, empty database on the shared test server, migrated: test files (and tests) that each take one
 * never see each other's rows. Creating one takes tens of milliseconds.
 */
export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const adminUrl = inject('postgresAdminUrl');
  const name = `test_${randomBytes(6).toString('hex')}`;
  await withAdmin(adminUrl, (admin) => admin.query(`CREATE DATABASE ${name}`));
  const connectionString = withDatabase(adminUrl, name);
  const pool = createPostgresPool({ connectionString, max: options.max ?? 25, timeouts: options.timeouts });
  if (options.migrate !== false) await migrate(pool);
  return {
    connectionString,
    pool,
    async drop() {
      await pool.end();
      await withAdmin(adminUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

/** One migrated database for the whole test file, dropped after its tests. */
export function useTestDatabase(options: TestDatabaseOptions = {}): () => TestDatabase {
  return perTestFile(
    'the test database',
    () => createTestDatabase(options),
    (database) => database.drop(),
  );
}

export interface DedicatedPostgres {
  /** The migrated `slimshop` database. */
  connectionString: string;
  port: number;
  /** Stops the server (fast shutdown: sessions are terminated), keeping its data. */
  stopServer(): Promise<void>;
  /** Starts it again on the same port and data directory. */
  startServer(): Promise<void>;
  /** Stops the server and deletes its data. */
  close(): Promise<void>;
}

/**
 * A server of the test file's own, for fault tests that stop and restart it (the shared one must stay up
 * for everyone else). Costs about a second (initdb).
 */
export async function startDedicatedPostgres(): Promise<DedicatedPostgres> {
  const dataDir = await mkdtemp(join(tmpdir(), 'slimshop-fault-pg-'));
  const start = (port: number) => startEmbeddedPostgres({ dataDir, port, durable: false });
  let running: Awaited<ReturnType<typeof start>> | undefined = await start(0);
  const { connectionString, port } = running;
  const pool = createPostgresPool({ connectionString, max: 1 });
  try {
    await migrate(pool);
  } finally {
    await pool.end();
  }
  return {
    connectionString,
    port,
    async stopServer() {
      await running?.stop();
      running = undefined;
    },
    async startServer() {
      running ??= await start(port);
    },
    async close() {
      await running?.stop();
      running = undefined;
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Runs one statement on the maintenance database, waiting for the server while it is still starting. */
async function withAdmin<T>(adminUrl: string, work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const deadline = Date.now() + SERVER_WAIT_MS;
  for (;;) {
    const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 2_000 });
    admin.on('error', () => {});
    try {
      await admin.connect();
    } catch (error) {
      await admin.end().catch(() => {});
      const code = (error as { code?: string }).code;
      const starting = code === 'ECONNREFUSED' || code === '57P03';
      if (!starting || Date.now() > deadline) {
        throw new Error(`The test PostgreSQL server is not reachable at ${new URL(adminUrl).host}`, {
          cause: error,
        });
      }
      await sleep(50);
      continue;
    }
    try {
      return await work(admin);
    } finally {
      await admin.end();
    }
  }
}
