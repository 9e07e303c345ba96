import { afterAll, beforeAll } from 'vitest';
import { createDynamoCatalogRepository } from '../../src/adapters/dynamodb/catalog-repository.js';
import { createDocumentClient } from '../../src/adapters/dynamodb/client.js';
import { createDynamoIdempotencyStore } from '../../src/adapters/dynamodb/idempotency-store.js';
import { ensureTable } from '../../src/adapters/dynamodb/table-schema.js';
import { type RunningDynalite, startDynalite } from '../../src/local/dynalite.js';
import { describeCatalogRepositoryContract } from './catalog-repository.contract.js';
import { describeIdempotencyStoreContract } from './idempotency-store.contract.js';

// One in-memory dynalite for the file; every factory call gets a table of its own, so tests never share state.
let dynalite: RunningDynalite;
let client: ReturnType<typeof createDocumentClient>;
let tables = 0;

beforeAll(async () => {
  dynalite = await startDynalite();
  client = createDocumentClient({ region: 'us-east-1', endpoint: dynalite.endpoint });
});

afterAll(async () => {
  client?.destroy();
  await dynalite?.close();
});

async function freshTable(): Promise<string> {
  const tableName = `contract-${++tables}`;
  await ensureTable(client, tableName);
  return tableName;
}

describeCatalogRepositoryContract(
  'dynamodb (dynalite)',
  async (clock) => createDynamoCatalogRepository({ client, tableName: await freshTable(), clock }),
  { propertyRuns: 20 },
);
describeIdempotencyStoreContract('dynamodb (dynalite)', async (clock) =>
  createDynamoIdempotencyStore({ client, tableName: await freshTable(), clock }),
);
