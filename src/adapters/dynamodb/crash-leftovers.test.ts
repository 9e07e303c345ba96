import { beforeEach, describe, expect, it } from 'vitest';
import { useDynalite } from '../../../test/contract/dynalite-harness.js';
import { type ManualClock, manualClock } from '../../../test/contract/fixtures.js';
import type { CatalogRepository } from '../../app/ports/catalog-repository.js';
import type { Product } from '../../domain/catalog/product.js';
import { ConflictError, UnprocessableError } from '../../domain/shared/errors.js';
import { createDynamoCatalogRepository } from './catalog-repository.js';
import { DELETE_LEASE_MS } from './category-writes.js';
import { STALE_CLAIM_MS } from './sku-claims.js';

/**
 * What a crashed write leaves behind (a claim, a membership, a deletion lease) must never block the catalog
 * for good. These states cannot be produced through the port, so the tests write them directly.
 */

const T0 = '2026-01-01T00:00:00.000Z';
const category = (id: string) => ({ id, name: id, createdAt: T0, updatedAt: T0, version: 1 });
const product = (id: string, categoryId: string, sku = `SKU-${id}`): Product => ({
  id,
  sku,
  name: `Product ${id}`,
  price: { amount: 100, currency: 'EUR' },
  categoryId,
  status: 'active',
  attributes: {},
  createdAt: T0,
  updatedAt: T0,
  version: 1,
});

const local = useDynalite('leftovers');
let tableName: string;
let clock: ManualClock;
let repository: CatalogRepository;

beforeEach(async () => {
  tableName = await local.freshTable();
  clock = manualClock();
  repository = createDynamoCatalogRepository({ client: local.client(), tableName, clock });
  await repository.insertCategory(category('home'));
});

const putRaw = (item: Record<string, unknown>) =>
  local.client().send('PutItem', { TableName: tableName, Item: item });

/** Every item in the table (a test-only Scan: request paths never scan). */
async function allKeys(): Promise<string[]> {
  const { Items = [] } = await local.client().send('Scan', { TableName: tableName });
  return Items.map((item) => `${item.pk}|${item.sk}`).sort();
}

describe('crash leftovers in the DynamoDB catalog', () => {
  it('does not let a membership without its product block deleting the category', async () => {
    await putRaw({ pk: 'CATEGORY#home', sk: 'M#PRODUCT#ghost', token: 't' });
    await putRaw({ pk: 'CATEGORY#home', sk: 'M#CHILD#ghost-child', token: 't' });
    expect((await repository.deleteCategory('home'))?.id).toBe('home');
    expect(await allKeys()).toEqual([]);
  });

  it('treats a membership whose product now sits elsewhere as stale', async () => {
    await repository.insertCategory(category('garden'));
    await repository.insertProduct(product('rake', 'garden'));
    await putRaw({ pk: 'CATEGORY#home', sk: 'M#PRODUCT#rake', token: 't' });
    expect((await repository.deleteCategory('home'))?.id).toBe('home');
    await expect(repository.deleteCategory('garden')).rejects.toBeInstanceOf(ConflictError);
  });

  it('takes over a SKU claim whose product never got written, but only once it is old', async () => {
    await putRaw({
      pk: 'SKU#ORPHAN',
      sk: 'SKU',
      productId: 'crashed',
      token: 't',
      claimedAt: clock.now().getTime(),
    });
    // A young claim may belong to a write still in flight: the SKU counts as taken.
    await expect(repository.insertProduct(product('mug', 'home', 'ORPHAN'))).rejects.toBeInstanceOf(
      ConflictError,
    );
    clock.advance(STALE_CLAIM_MS);
    await repository.insertProduct(product('mug', 'home', 'ORPHAN'));
    await expect(repository.insertProduct(product('cup', 'home', 'ORPHAN'))).rejects.toBeInstanceOf(
      ConflictError,
    );
  });

  it('lets a crashed deletion block joins only until its lease ran out', async () => {
    await local.client().send('UpdateItem', {
      TableName: tableName,
      Key: { pk: 'CATEGORY#home', sk: 'CATEGORY' },
      UpdateExpression: 'SET deletingUntil = :until',
      ExpressionAttributeValues: { ':until': clock.now().getTime() + DELETE_LEASE_MS },
    });
    await expect(repository.insertProduct(product('mug', 'home'))).rejects.toBeInstanceOf(UnprocessableError);
    await expect(
      repository.replaceCategory({ ...category('home'), name: 'x', version: 2 }, 1),
    ).rejects.toBeInstanceOf(ConflictError);
    clock.advance(DELETE_LEASE_MS + 10_000);
    await repository.insertProduct(product('mug', 'home'));
    await repository.replaceCategory({ ...category('home'), name: 'House', version: 2 }, 1);
    expect((await repository.getCategory('home'))?.name).toBe('House');
  });

  it('leaves no claim or membership behind after a product lived and died', async () => {
    await repository.insertCategory(category('garden'));
    const mug = product('mug', 'home', 'MUG-1');
    await repository.insertProduct(mug);
    expect(await allKeys()).toEqual(
      [
        'CATEGORY#garden|CATEGORY',
        'CATEGORY#home|CATEGORY',
        'CATEGORY#home|M#PRODUCT#mug',
        'PRODUCT#mug|PRODUCT',
        'SKU#MUG-1|SKU',
      ].sort(),
    );
    await repository.replaceProduct({ ...mug, sku: 'MUG-2', categoryId: 'garden', version: 2 }, 1);
    expect(await allKeys()).toEqual(
      [
        'CATEGORY#garden|CATEGORY',
        'CATEGORY#garden|M#PRODUCT#mug',
        'CATEGORY#home|CATEGORY',
        'PRODUCT#mug|PRODUCT',
        'SKU#MUG-2|SKU',
      ].sort(),
    );
    await repository.deleteProduct('mug');
    expect(await allKeys()).toEqual(['CATEGORY#garden|CATEGORY', 'CATEGORY#home|CATEGORY']);
  });
});
