import type { Logger } from '../app/ports/logger.js';
import type { DatabaseConfig } from '../config/config.js';
import { openPostgresBackend } from './postgres-backend.js';

/** `npm run migrate`: one connection, the pending migrations, then the pool is closed. Returns the ids applied. */
export async function migrateDatabase(
  database: DatabaseConfig,
  options: { region: string; logger: Logger },
): Promise<string[]> {
  const backend = openPostgresBackend({
    database: { ...database, poolMax: 1 },
    region: options.region,
    runtime: 'server',
    logger: options.logger,
  });
  try {
    return await backend.migrate();
  } finally {
    await backend.close();
  }
}
