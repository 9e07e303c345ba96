import { createDynamoCatalogRepository } from '../../src/adapters/dynamodb/catalog-repository.js';
import { createDynamoIdempotencyStore } from '../../src/adapters/dynamodb/idempotency-store.js';
import { useDynamoTables } from '../support/dynamodb.js';
import { describeCatalogRepositoryContract } from './catalog-repository.contract.js';
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
