import { createDynamoCatalogRepository } from '../../src/adapters/dynamodb/catalog-repository.js';
import { createDynamoIdempotencyStore } from '../../src/adapters/dynamodb/idempotency-store.js';
import { describeCatalogRepositoryContract } from './catalog-repository.contract.js';
import { useDynalite } from './dynalite-harness.js';
import { describeIdempotencyStoreContract } from './idempotency-store.contract.js';

const local = useDynalite('contract');

describeCatalogRepositoryContract(
  'dynamodb (dynalite)',
  async (clock) =>
    createDynamoCatalogRepository({ client: local.client(), tableName: await local.freshTable(), clock }),
  { propertyRuns: 50 },
);
describeIdempotencyStoreContract('dynamodb (dynalite)', async (clock) =>
  createDynamoIdempotencyStore({ client: local.client(), tableName: await local.freshTable(), clock }),
);
