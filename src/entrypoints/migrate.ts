// `npm run migrate`: applies pending migrations to the database that DATABASE_URL (or DATABASE_HOST,
// DATABASE_NAME, DATABASE_USER...) names, prints what it applied, exits 0, or 1 with the reason.
import { migrateDatabase } from '../composition/migrate-database.js';
import { ConfigError, loadApiConfig } from '../config/config.js';
import { createLogger } from '../observability/logger.js';

try {
  const config = loadApiConfig();
  const applied = await migrateDatabase(config.database, {
    region: config.region,
    logger: createLogger({ level: config.logLevel }),
  });
  process.stdout.write(
    applied.length === 0
      ? 'The database is up to date: no migration to apply.\n'
      : `Applied ${applied.length} migration(s):\n${applied.map((id) => `  ${id}\n`).join('')}`,
  );
} catch (error) {
  // A configuration mistake names its variable; a migration failure says which migration and why.
  const cause = error instanceof Error && !(error instanceof ConfigError) && error.cause instanceof Error;
  process.stderr.write(
    `migrate failed: ${error instanceof Error ? error.message : String(error)}${cause ? ` (${(error.cause as Error).message})` : ''}\n`,
  );
  process.exitCode = 1;
}
