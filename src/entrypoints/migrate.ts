// `npm run migrate`: applies pending migrations to the database that DATABASE_URL (or DATABASE_HOST,
// DATABASE_NAME, DATABASE_USER...) names, prints what it applied, exits 0, or 1 with the reason; 2 for
// options it does not take. `--help` prints the usage and connects to nothing.
import { migrateDatabase } from '../composition/migrate-database.js';
import { ConfigError, loadApiConfig } from '../config/config.js';
import { createLogger } from '../observability/logger.js';
import { CommandLineError, readCommandLine } from './command-line.js';

const MIGRATE_HELP = `Usage: npm run migrate

Applies the pending PostgreSQL migrations (orders, stock) to the database that DATABASE_URL names, or
DATABASE_HOST with DATABASE_NAME, DATABASE_USER, DATABASE_PORT and DATABASE_IAM_AUTH, and prints the
ones it applied. Against npm start's server: DATABASE_URL=<the URL npm start prints> npm run migrate

  -h, --help  this text

Exit: 0 up to date, 1 failed (the message names the variable or the migration), 2 bad options.
`;

async function migrate(): Promise<void> {
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
}

try {
  if (readCommandLine(process.argv.slice(2), {}).help) process.stdout.write(MIGRATE_HELP);
  else await migrate();
} catch (error) {
  if (error instanceof CommandLineError) {
    process.stderr.write(`migrate: ${error.message} (see --help)\n`);
    process.exitCode = 2;
  } else {
    // A configuration mistake names its variable; a migration failure says which migration and why.
    const cause = error instanceof Error && !(error instanceof ConfigError) && error.cause instanceof Error;
    process.stderr.write(
      `migrate failed: ${error instanceof Error ? error.message : String(error)}${cause ? ` (${(error.cause as Error).message})` : ''}\n`,
    );
    process.exitCode = 1;
  }
}
