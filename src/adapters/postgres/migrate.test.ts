import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/postgres.js';
import { MigrationError, migrate } from './migrate.js';
import { MIGRATIONS } from './migrations/all-migrations.js';

describe('migrate', () => {
  const databases: TestDatabase[] = [];
  const freshDatabase = async () => {
    const database = await createTestDatabase({ migrate: false });
    databases.push(database);
    return database;
  };
  afterEach(async () => {
    await Promise.all(databases.splice(0).map((database) => database.drop()));
  });

  const tables = async (database: TestDatabase) =>
    (
      await database.pool.query<{ name: string }>(
        "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1",
      )
    ).rows.map((row) => row.name);

  it('lists migrations in a stable, unique order', () => {
    const ids = MIGRATIONS.map((migration) => migration.id);
    expect(ids).toEqual([...new Set(ids)].sort());
  });

  it('applies every migration once; running it again changes nothing', async () => {
    const database = await freshDatabase();
    expect(await migrate(database.pool)).toEqual(MIGRATIONS.map((migration) => migration.id));
    expect(await tables(database)).toEqual([
      'discount_codes',
      'email_deliveries',
      'inventory',
      'inventory_adjustments',
      'order_events',
      'order_lines',
      'order_requests',
      'orders',
      'payments',
      'provider_events',
      'schema_migrations',
      'shipping_methods',
      'tax_rates',
    ]);
    expect(await migrate(database.pool)).toEqual([]);
  });

  it('lets concurrent starters race safely: each migration is applied exactly once', async () => {
    const database = await freshDatabase();
    const results = await Promise.all(Array.from({ length: 6 }, () => migrate(database.pool)));
    expect(results.flat()).toEqual(MIGRATIONS.map((migration) => migration.id));
    const { rows } = await database.pool.query('SELECT id FROM schema_migrations');
    expect(rows).toHaveLength(MIGRATIONS.length);
  });

  it('refuses to run when an applied migration was edited afterwards', async () => {
    const database = await freshDatabase();
    const first = { id: '0001-first', sql: 'CREATE TABLE first_table (id int)' };
    await migrate(database.pool, { migrations: [first] });
    const edited = { ...first, sql: 'CREATE TABLE first_table (id bigint)' };
    const second = { id: '0002-second', sql: 'CREATE TABLE second_table (id int)' };
    await expect(migrate(database.pool, { migrations: [edited, second] })).rejects.toThrow(
      new MigrationError(
        'Migration 0001-first was changed after it was applied: restore it and add a new migration instead.',
      ),
    );
    expect(await tables(database)).not.toContain('second_table');
  });

  it('rolls a failing migration back whole, so it can be fixed and run again', async () => {
    const database = await freshDatabase();
    const broken = {
      id: '0001-broken',
      sql: 'CREATE TABLE half_done (id int); SELECT no_such_column FROM half_done',
    };
    await expect(migrate(database.pool, { migrations: [broken] })).rejects.toBeInstanceOf(MigrationError);
    expect(await tables(database)).toEqual(['schema_migrations']);
    const fixed = { id: '0001-broken', sql: 'CREATE TABLE half_done (id int)' };
    expect(await migrate(database.pool, { migrations: [fixed] })).toEqual(['0001-broken']);
  });
});
