import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { pickFreePort, type RunningPostgres, startEmbeddedPostgres } from '../../src/local/postgres.js';
import { embeddedPostgresUrl } from '../../src/local/postgres-url.js';

/**
 * One PostgreSQL server for the whole test run (vitest's forks pool gives every test file its own process,
 * so "one per worker" would mean one per file). It starts in the background: runs that need no database
 * do not wait for it, and test files that do wait in createTestDatabase() until it accepts connections.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dataDir = await mkdtemp(join(tmpdir(), 'slimshop-test-pg-'));
  const port = await pickFreePort();
  project.provide('postgresAdminUrl', embeddedPostgresUrl(port, 'postgres'));
  const starting: Promise<RunningPostgres | undefined> = startEmbeddedPostgres({
    dataDir,
    port,
    database: 'postgres',
    durable: false,
    maxConnections: 400,
  }).catch((error: unknown) => {
    console.error('The test PostgreSQL server did not start:', error);
    return undefined;
  });
  return async () => {
    await (await starting)?.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
