import { createHash } from 'node:crypto';
import type pg from 'pg';
import { MIGRATIONS } from './migrations/all-migrations.js';
import type { Migration } from './migrations/migration.js';

/** The schema history and the code disagree, or a migration failed: deploying on top would be worse. */
export class MigrationError extends Error {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

export interface MigrateOptions {
  /** Default: every migration in the repo. */
  migrations?: readonly Migration[];
  /** How long to wait for another starter's migrations to finish. Default 2 minutes. */
  lockWaitMs?: number;
  /** One migration statement may run this long (building an index on a big table is slow). Default 10 minutes. */
  statementMs?: number;
}

// Any constant bigint: every process that migrates this database takes the same session-level lock.
const MIGRATION_LOCK_KEY = 7_219_304_117;

export function checksum(migration: Migration): string {
  return createHash('sha256').update(migration.sql).digest('hex');
}

/**
 * Applies pending migrations in order, each in its own transaction with its schema_migrations row, and
 * returns their ids. Two starters (two containers, a container and `npm run migrate`) never race: the
 * second waits on an advisory lock and then finds nothing left to do. An applied migration whose SQL has
 * since changed fails loudly instead of leaving the schema and the code silently apart.
 */
export async function migrate(pool: pg.Pool, options: MigrateOptions = {}): Promise<string[]> {
  const migrations = options.migrations ?? MIGRATIONS;
  const client = await pool.connect();
  const onError = () => {}; // the failing query reports it; see transaction.ts for why a listener is needed
  client.on('error', onError);
  try {
    // Session settings for this connection only: it is discarded afterwards, never handed back to the pool.
    await client.query(
      `SET lock_timeout = ${Math.trunc(options.lockWaitMs ?? 120_000)};
       SET statement_timeout = ${Math.trunc(options.statementMs ?? 600_000)}`,
    );
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    // Created under the lock: concurrent CREATE TABLE IF NOT EXISTS can still collide on the catalog.
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      id text PRIMARY KEY,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const { rows } = await client.query<{ id: string; checksum: string }>(
      'SELECT id, checksum FROM schema_migrations',
    );
    const applied = new Map(rows.map((row) => [row.id, row.checksum]));
    const pending: Migration[] = [];
    for (const migration of migrations) {
      const stored = applied.get(migration.id);
      if (stored === undefined) pending.push(migration);
      else if (stored !== checksum(migration)) {
        throw new MigrationError(
          `Migration ${migration.id} was changed after it was applied: restore it and add a new migration instead.`,
        );
      }
    }
    for (const migration of pending) await applyOne(client, migration);
    return pending.map((migration) => migration.id);
  } finally {
    client.off('error', onError);
    // Closing the session also releases the advisory lock, even if unlocking was never reached.
    client.release(true);
  }
}

async function applyOne(client: pg.PoolClient, migration: Migration): Promise<void> {
  try {
    await client.query('BEGIN');
    await client.query(migration.sql);
    await client.query('INSERT INTO schema_migrations (id, checksum) VALUES ($1, $2)', [
      migration.id,
      checksum(migration),
    ]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw new MigrationError(`Migration ${migration.id} failed and was rolled back.`, { cause: error });
  }
}
