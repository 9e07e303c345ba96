import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresInventoryStore } from '../../src/adapters/postgres/inventory-store.js';
import { salesReportJob } from '../../src/jobs/sales-report.js';
import { draft, draftOrderStore, keyFor } from '../contract/order-store-fixtures.js';
import { type JobHarness, type JobTable, startJobHarness } from '../fixtures/jobs/job-harness.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';

describe('sales-report', () => {
  let harness: JobHarness;
  let database: TestDatabase;
  let table: JobTable;

  beforeAll(async () => {
    harness = await startJobHarness();
    database = await createTestDatabase({ max: 4 });
    const orders = draftOrderStore(database.pool);
    await createPostgresInventoryStore(database.pool).set('p-tea', 100);
    const at = (iso: string) => ({ createdAt: new Date(iso) });
    for (const [iso, quantity] of [
      ['2030-01-01T10:00:00Z', 2],
      ['2030-01-01T23:00:00Z', 1],
      ['2030-01-02T08:00:00Z', 3],
      ['2030-01-05T08:00:00Z', 4], // outside the range
    ] as const) {
      const order = draft('buyer', [{ productId: 'p-tea', quantity, unitAmount: 300 }], at(iso));
      await orders.place(order, keyFor(order));
    }
    table = await harness.table({ DATABASE_URL: database.connectionString });
  }, 120_000);
  afterAll(async () => {
    await database.drop();
    await harness.close();
  });

  it('writes the same report as GET /reports/sales, per day, as CSV', async () => {
    const out = `${harness.dir}/sales.csv`;
    const summary = await table.run(salesReportJob, { from: '2030-01-01', to: '2030-01-03', out });
    expect(summary).toEqual({ rows: 2, out });
    expect(await harness.read(out)).toBe(
      'day,currency,orders,units,revenue,subtotal,discount,shipping,tax\n2030-01-01,EUR,2,3,900,900,90,0,53\n2030-01-02,EUR,1,3,900,900,90,0,53\n',
    );
  });

  it('per product, as JSON', async () => {
    const out = `${harness.dir}/sales.json`;
    await table.run(salesReportJob, { from: '2030-01-01', to: '2030-01-10', out, groupBy: 'product' });
    expect(JSON.parse(await harness.read(out))).toEqual({
      from: '2030-01-01T00:00:00.000Z',
      to: '2030-01-10T00:00:00.000Z',
      groupBy: 'product',
      rows: [
        {
          productId: 'p-tea',
          currency: 'EUR',
          orders: 4,
          units: 10,
          revenue: 3000,
          subtotal: 3000,
          discount: 300,
          shipping: 0,
          tax: 177,
        },
      ],
    });
  });

  it('refuses an empty range with the use case’s own validation error', async () => {
    await expect(
      table.run(salesReportJob, { from: '2030-01-02', to: '2030-01-01', out: `${harness.dir}/x.json` }),
    ).rejects.toMatchObject({ kind: 'validation', errors: [{ path: 'to', message: 'must be after from' }] });
  });
});
