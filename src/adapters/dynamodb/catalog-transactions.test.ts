import { beforeEach, describe, expect, it } from 'vitest';
import { category, manualClock, product, revised, settle } from '../../../test/contract/fixtures.js';
import { useDynamoTables } from '../../../test/support/dynamodb.js';
import type { CatalogRepository } from '../../app/ports/catalog-repository.js';
import { ConflictError, PreconditionFailedError } from '../../domain/shared/errors.js';
import { createDynamoCatalogBulkWriter } from './catalog-bulk.js';
import { IMPORT_MARK_MS, markForImport } from './catalog-guards.js';
import { createDynamoCatalogRepository } from './catalog-repository.js';
import { LEASE_KEY } from './initial-load-lease.js';

/**
 * The guard items behind the catalog's invariants, read back from the table: after any mix of concurrent
 * writes, every SKU guard names the one product that holds the SKU and every membership a member, with
 * nothing left over. What a killed initial load leaves (guards and memberships before their products) must
 * never block the catalog for good, and must count while an initial load still runs.
 */

const local = useDynamoTables('guards');
let tableName: string;
let repository: CatalogRepository;
const clock = manualClock();

beforeEach(async () => {
  tableName = await local.freshTable();
  repository = createDynamoCatalogRepository({ client: local.client(), tableName, clock });
  await repository.insertCategory(category({ id: 'home', name: 'Home' }));
});

const putRaw = (item: Record<string, unknown>) =>
  local.client().send('PutItem', { TableName: tableName, Item: item });

/** Every item in the table (a test-only Scan: request paths never scan). */
async function allItems(): Promise<Record<string, unknown>[]> {
  const { Items = [] } = await local.client().send('Scan', { TableName: tableName, ConsistentRead: true });
  return Items;
}

async function skuGuards(): Promise<Record<string, string>> {
  const guards = (await allItems()).filter((item) => String(item.pk).startsWith('SKU#'));
  return Object.fromEntries(guards.map((item) => [String(item.pk).slice(4), String(item.productId)]));
}

describe('the DynamoDB catalog guards', () => {
  it('lets one of 20 concurrent creates with one SKU win, leaving exactly one guard, naming the winner', async () => {
    const contenders = Array.from({ length: 20 }, () => product({ categoryId: 'home', sku: 'HOT-1' }));
    const { values, errors } = await settle(contenders.map((p) => repository.insertProduct(p)));
    expect(values).toHaveLength(1);
    expect(errors).toHaveLength(19);
    for (const error of errors) expect(error).toBeInstanceOf(ConflictError);
    const stored = (await Promise.all(contenders.map((p) => repository.getProduct(p.id)))).filter(Boolean);
    expect(stored).toHaveLength(1);
    expect(await skuGuards()).toEqual({ 'HOT-1': stored[0]?.id });
    const memberships = (await allItems()).filter((item) => String(item.sk).startsWith('M#'));
    expect(memberships.map((item) => item.sk)).toEqual([`M#PRODUCT#${stored[0]?.id}`]);
  });

  it('keeps each SKU on exactly one product through 20 concurrent swaps between two products', async () => {
    const a = product({ categoryId: 'home', sku: 'SWAP-A' });
    const b = product({ categoryId: 'home', sku: 'SWAP-B' });
    await repository.insertProduct(a);
    await repository.insertProduct(b);
    const skus = ['SWAP-A', 'SWAP-B', 'SWAP-C'];
    // Each writer moves one product to a SKU it does not hold, reading the latest version first.
    const writers = Array.from({ length: 20 }, async (_, i) => {
      const id = i % 2 === 0 ? a.id : b.id;
      const current = await repository.getProduct(id);
      if (current === undefined) throw new Error('product vanished');
      const sku = skus.filter((candidate) => candidate !== current.sku)[i % 2] as string;
      await repository.replaceProduct(revised(current, { sku }), current.version);
    });
    const { values, errors } = await settle(writers);
    expect(values.length).toBeGreaterThan(0);
    for (const error of errors)
      expect([ConflictError, PreconditionFailedError]).toContain(error?.constructor);
    const [finalA, finalB] = await Promise.all([repository.getProduct(a.id), repository.getProduct(b.id)]);
    expect(finalA?.sku).not.toBe(finalB?.sku);
    expect(await skuGuards()).toEqual({ [finalA?.sku as string]: a.id, [finalB?.sku as string]: b.id });
  });

  it('leaves no guard or membership behind after a product lived, moved and died', async () => {
    await repository.insertCategory(category({ id: 'garden', name: 'Garden' }));
    const mug = product({ id: 'mug', categoryId: 'home', sku: 'MUG-1' });
    await repository.insertProduct(mug);
    await repository.replaceProduct(revised(mug, { sku: 'MUG-2', categoryId: 'garden' }), 1);
    const keys = async () => (await allItems()).map((item) => `${item.pk}|${item.sk}`).sort();
    expect(await keys()).toEqual(
      [
        'CATEGORY#garden|CATEGORY',
        'CATEGORY#garden|M#PRODUCT#mug',
        'CATEGORY#home|CATEGORY',
        'PRODUCT#mug|PRODUCT',
        'SKU#MUG-2|SKU',
      ].sort(),
    );
    await repository.deleteProduct('mug');
    expect(await keys()).toEqual(['CATEGORY#garden|CATEGORY', 'CATEGORY#home|CATEGORY']);
  });

  it('writes the other rows of an import transaction one row cancelled, and that row alone', async () => {
    // A guard left by a killed initial load: the shared transaction's claim of that SKU fails, the row is
    // then written alone (taking the guard over) and the other rows are sent again without it.
    await putRaw({ pk: 'SKU#LEFT-1', sk: 'SKU', productId: 'never-written' });
    const writer = createDynamoCatalogBulkWriter({ client: local.client(), tableName, clock });
    const rows = Array.from({ length: 40 }, (_, i) => ({
      id: `bulk-${i}`,
      input: {
        sku: i === 7 ? 'LEFT-1' : `BULK-${i}`,
        name: `Bulk ${i}`,
        price: { amount: 100 + i, currency: 'EUR' },
        categoryId: 'home',
        status: 'active' as const,
        attributes: {},
        taxClass: 'standard' as const,
      },
    }));
    const outcomes = await writer.upsertProducts(rows);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(Array(40).fill('created'));
    const stored = await Promise.all(rows.map((row) => repository.getProduct(row.id)));
    expect(stored.map((product) => product?.sku)).toEqual(rows.map((row) => row.input.sku));
    const guards = await skuGuards();
    expect(guards['LEFT-1']).toBe('bulk-7');
    for (const row of rows) expect(guards[row.input.sku]).toBe(row.id);
  });

  describe('what a killed initial load left', () => {
    const runningLease = () =>
      putRaw({ ...LEASE_KEY, holder: 'catalog.jsonl', heldUntil: clock.now().getTime() + 60_000 });

    it('takes over a guard whose product was never written, but not while an initial load runs', async () => {
      await putRaw({ pk: 'SKU#ORPHAN', sk: 'SKU', productId: 'never-written' });
      await runningLease();
      // The load's product may be about to follow its guard: the SKU counts as taken.
      await expect(
        repository.insertProduct(product({ categoryId: 'home', sku: 'ORPHAN' })),
      ).rejects.toBeInstanceOf(ConflictError);
      await local.client().send('DeleteItem', { TableName: tableName, Key: LEASE_KEY });
      const mug = product({ categoryId: 'home', sku: 'ORPHAN' });
      await repository.insertProduct(mug);
      expect(await skuGuards()).toEqual({ ORPHAN: mug.id });
    });

    it('ignores a membership without its member, but not while an import marks the category', async () => {
      await putRaw({ pk: 'CATEGORY#home', sk: 'M#PRODUCT#never-written' });
      await local.client().send('UpdateItem', {
        TableName: tableName,
        ...markForImport('home', clock.now().getTime()),
      });
      await expect(repository.deleteCategory('home')).rejects.toBeInstanceOf(ConflictError);
      clock.advance(IMPORT_MARK_MS + 1);
      expect((await repository.deleteCategory('home'))?.id).toBe('home');
    });
  });
});
