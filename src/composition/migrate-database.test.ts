import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/support/postgres.js';
import { MIGRATIONS } from '../adapters/postgres/migrations/all-migrations.js';
import { silentLogger } from '../app/ports/logger.js';
import { loadApiConfig } from '../config/config.js';
import { migrateDatabase } from './migrate-database.js';

describe('migrateDatabase (npm run migrate)', () => {
  const database = useTestDatabase({ migrate: false });

  it('applies every migration to an empty database, then finds nothing left to do', async () => {
    const config = loadApiConfig({ DATABASE_URL: database().connectionString });
    const run = () => migrateDatabase(config.database, { region: config.region, logger: silentLogger });

    expect(await run()).toEqual(MIGRATIONS.map((migration) => migration.id));
    expect(await run()).toEqual([]);
    const { rows } = await database().pool.query(`SELECT to_regclass('public.orders') AS orders`);
    expect(rows[0]?.orders).toBe('orders');
  });
});
