import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresInventoryStore } from '../../src/adapters/postgres/inventory-store.js';
import { cancelUnpaidOrdersJob } from '../../src/jobs/cancel-unpaid-orders.js';
import { draft, draftOrderStore, keyFor } from '../contract/order-store-fixtures.js';
import { type JobHarness, type JobTable, startJobHarness } from '../fixtures/jobs/job-harness.js';
import { runJobProcess } from '../fixtures/jobs/spawn-job.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';

const MINUTE = 60_000;

describe('cancel-unpaid-orders', () => {
  let harness: JobHarness;
  let database: TestDatabase;
  let table: JobTable;
  const orders = () => draftOrderStore(database.pool);
  const inventory = () => createPostgresInventoryStore(database.pool);
  const status = async (id: string) => (await orders().get(id))?.status;

  async function place(productId: string, minutesAgo: number) {
    const order = draft('buyer', [{ productId, quantity: 2 }], {
      createdAt: new Date(Date.now() - minutesAgo * MINUTE),
    });
    expect((await orders().place(order, keyFor(order))).kind).toBe('placed');
    return order.id;
  }

  beforeAll(async () => {
    harness = await startJobHarness();
    database = await createTestDatabase({ max: 4 });
    table = await harness.table({ DATABASE_URL: database.connectionString, PAYMENT_TIMEOUT_MINUTES: '30' });
  }, 120_000);
  afterAll(async () => {
    await database.drop();
    await harness.close();
  });

  it('cancels placed orders older than PAYMENT_TIMEOUT_MINUTES and gives their stock back; younger and paid ones stay', async () => {
    await inventory().set('p-mug', 10);
    const old = await place('p-mug', 45);
    const paid = await place('p-mug', 45);
    await orders().transition(paid, ['placed'], 'paid', new Date());
    const young = await place('p-mug', 10);
    expect((await inventory().get('p-mug'))?.available).toBe(4);

    const summary = await table.run(cancelUnpaidOrdersJob, {});
    expect(summary).toEqual({ cancelled: 1, refunded: 0, refundsFailed: 0 });
    expect([await status(old), await status(paid), await status(young)]).toEqual([
      'cancelled',
      'paid',
      'placed',
    ]);
    expect((await inventory().get('p-mug'))?.available).toBe(6);
    // A second run finds nothing more to do: the stock came back once.
    expect(await table.run(cancelUnpaidOrdersJob, {})).toEqual({
      cancelled: 0,
      refunded: 0,
      refundsFailed: 0,
    });
    expect((await inventory().get('p-mug'))?.available).toBe(6);
  });

  it('runs as `npm run job -- cancel-unpaid-orders`, printing its summary', async () => {
    await inventory().set('p-tea', 5);
    const old = await place('p-tea', 31);
    const { code, stdout, stderr } = await runJobProcess(['cancel-unpaid-orders'], table.env);
    expect(code, stderr).toBe(0);
    expect(JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}')).toEqual({
      cancelled: 1,
      refunded: 0,
      refundsFailed: 0,
    });
    expect(await status(old)).toBe('cancelled');
    expect((await inventory().get('p-tea'))?.available).toBe(5);
  }, 120_000);
});
