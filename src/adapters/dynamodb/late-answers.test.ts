import { afterEach, describe, expect, it } from 'vitest';
import { createTestTable } from '../../../test/support/dynamodb.js';
import { type DynamoProxy, startDynamoProxy } from '../../../test/support/dynamodb-proxy.js';
import { systemClock } from '../../app/ports/clock.js';
import type { Product } from '../../domain/catalog/product.js';
import { createDynamoCatalogRepository } from './catalog-repository.js';
import { createDocumentClient } from './client.js';
import { createDynamoIdempotencyStore } from './idempotency-store.js';
import { createDynamoJobStore } from './job-store.js';

/**
 * A write that landed but answered after the client's 3 s timeout is sent again by the client; the retry
 * must recognise the first attempt's success instead of failing its own condition (an id "already taken",
 * a version "changed meanwhile", an idempotency key "still in progress").
 */

const LATE_MS = 3_500;
const T0 = '2026-01-01T00:00:00.000Z';
const product = (id: string, sku: string): Product => ({
  id,
  sku,
  name: `Product ${id}`,
  price: { amount: 100, currency: 'EUR' },
  categoryId: 'home',
  status: 'active',
  attributes: {},
  taxClass: 'standard',
  createdAt: T0,
  updatedAt: T0,
  version: 1,
});

let proxy: DynamoProxy | undefined;
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
});

/**
 * The stores over a proxy that forwards each `operation` request at once but answers the first of each body
 * late: the write lands, the client times out and sends the same body again, which passes straight through.
 * `heldBack` lists the operations whose answer came late.
 */
async function slowWrites(operation: string) {
  const { endpoint, client, tableName } = await createTestTable('late');
  const seen = new Set<string>();
  const heldBack: string[] = [];
  proxy = await startDynamoProxy(endpoint, (op, body) => {
    const first = !seen.has(body);
    seen.add(body);
    if (op !== operation || !first) return 'forward';
    heldBack.push(op);
    return { answerLateMs: LATE_MS };
  });
  const slow = { client: createDocumentClient({ region: 'us-east-1', endpoint: proxy.endpoint }), tableName };
  const direct = { client, tableName };
  return { slow, direct, proxy: { heldBack } };
}

describe('a conditional write whose answer comes too late', () => {
  it('creates a product once and says so (a transaction retried with its own token)', async () => {
    const { slow, direct, proxy } = await slowWrites('TransactWriteItems');
    const fast = createDynamoCatalogRepository(direct);
    await fast.insertCategory({ id: 'home', name: 'Home', createdAt: T0, updatedAt: T0, version: 1 });
    proxy.heldBack.length = 0;
    const mug = product('mug', 'MUG-1');
    await createDynamoCatalogRepository(slow).insertProduct(mug);
    expect(proxy.heldBack).toEqual(['TransactWriteItems']);
    expect(await fast.getProduct('mug')).toStrictEqual(mug);
  }, 20_000);

  it('replaces a product once and says so, not "changed by someone else"', async () => {
    const { slow, direct, proxy } = await slowWrites('TransactWriteItems');
    const fast = createDynamoCatalogRepository(direct);
    await fast.insertCategory({ id: 'home', name: 'Home', createdAt: T0, updatedAt: T0, version: 1 });
    const mug = product('mug', 'MUG-1');
    await fast.insertProduct(mug);
    proxy.heldBack.length = 0;
    const renamed = { ...mug, name: 'Renamed', sku: 'MUG-2', version: 2 };
    await createDynamoCatalogRepository(slow).replaceProduct(renamed, 1);
    expect(proxy.heldBack).toEqual(['TransactWriteItems']);
    expect(await fast.getProduct('mug')).toStrictEqual(renamed);
  }, 20_000);

  it('creates a category once and says so', async () => {
    const { slow, direct, proxy } = await slowWrites('TransactWriteItems');
    const home = { id: 'home', name: 'Home', createdAt: T0, updatedAt: T0, version: 1 };
    await createDynamoCatalogRepository(slow).insertCategory(home);
    expect(proxy.heldBack).toEqual(['TransactWriteItems']);
    expect(await createDynamoCatalogRepository(direct).getCategory('home')).toStrictEqual(home);
  }, 20_000);

  it('claims an idempotency key for the request that claimed it, not "still in progress"', async () => {
    const { slow, direct, proxy } = await slowWrites('PutItem');
    const options = { ttlSeconds: 3600, lockSeconds: 60 };
    expect(await createDynamoIdempotencyStore(slow).claim('key-1', 'body-1', options)).toEqual({
      state: 'claimed',
    });
    expect(proxy.heldBack).toEqual(['PutItem']);
    // A second request with the same key still finds it taken: the claim is real, and it is one.
    expect((await createDynamoIdempotencyStore(direct).claim('key-1', 'body-1', options)).state).toBe(
      'in_progress',
    );
  }, 20_000);

  it('creates a job record once and says so', async () => {
    const { slow, direct, proxy } = await slowWrites('PutItem');
    const record = {
      id: 'job-1',
      type: 'import-catalog',
      args: { file: 'catalog.jsonl' },
      status: 'queued',
      runner: 'lambda',
      reason: 'small',
      estimate: { units: 1, unit: 'rows', msPerUnit: 1, seconds: 0.001, basis: '1 row' },
      shards: 1,
      shardProgress: {},
      shardResults: {},
      createdAt: T0,
    } as const;
    await createDynamoJobStore({ ...slow, clock: systemClock }).create(record);
    expect(proxy.heldBack).toEqual(['PutItem']);
    expect(await createDynamoJobStore({ ...direct, clock: systemClock }).get('job-1')).toStrictEqual(record);
  }, 20_000);
});
