import { createMemoryCatalogRepository } from '../../src/adapters/memory/catalog-repository.js';
import { createMemoryIdempotencyStore } from '../../src/adapters/memory/idempotency-store.js';
import { describeCatalogRepositoryContract } from './catalog-repository.contract.js';
import { describeIdempotencyStoreContract } from './idempotency-store.contract.js';

describeCatalogRepositoryContract('memory', async () => createMemoryCatalogRepository(), {
  propertyRuns: 150,
});
describeIdempotencyStoreContract('memory', async (clock) => createMemoryIdempotencyStore(clock));
