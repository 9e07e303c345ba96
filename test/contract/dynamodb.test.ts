import { describe, expect, it } from 'vitest';
import { createDynamoCatalogRepository } from '../../src/adapters/dynamodb/catalog-repository.js';
import { createDynamoIdempotencyStore } from '../../src/adapters/dynamodb/idempotency-store.js';
import { productKey } from '../../src/adapters/dynamodb/keys.js';
import { useDynamoTables } from '../support/dynamodb.js';
import { describeCatalogRepositoryContract } from './catalog-repository.contract.js';
import { category, product } from './fixtures.js';
import { describeIdempotencyStoreContract } from './idempotency-store.contract.js';

const local = useDynamoTables('contract');

describeCatalogRepositoryContract(
  'dynamodb (DynamoDB Local)',
  async (clock) =>
    createDynamoCatalogRepository({ client: local.client(), tableName: await local.freshTable(), clock }),
  { propertyRuns: 50 },
);
describeIdempotencyStoreContract('dynamodb (DynamoDB Local)', async (clock) =>
  createDynamoIdempotencyStore({ client: local.client(), tableName: await local.freshTable(), clock }),
);

describe('DynamoDB product items written before products had a tax class', () => {
  it('an item without the taxClass attribute reads as standard, in a get and in a list', async () => {
    const tableName = await local.freshTable();
    const client = local.client();
    const repository = createDynamoCatalogRepository({ client, tableName });
    const home = category();
    await repository.insertCategory(home);
    const tea = product({ categoryId: home.id, status: 'active', taxClass: 'reduced' });
    await repository.insertProduct(tea);
    // What an item written before then holds: everything but the attribute.
    await client.send('UpdateItem', {
      TableName: tableName,
      Key: productKey(tea.id),
      UpdateExpression: 'REMOVE taxClass',
    });
    const { Item: item } = await client.send('GetItem', { TableName: tableName, Key: productKey(tea.id) });
    expect(item).toMatchObject({ sku: tea.sku });
    expect(item).not.toHaveProperty('taxClass');

    expect(await repository.getProduct(tea.id)).toStrictEqual({ ...tea, taxClass: 'standard' });
    const page = await repository.listProducts({ limit: 10, statuses: ['active'], sort: 'createdAt' });
    expect(page.items.map((listed) => listed.taxClass)).toEqual(['standard']);
  });
});
