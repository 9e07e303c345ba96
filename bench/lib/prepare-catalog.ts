// Creates the table on a DynamoDB endpoint and fills it through the catalog service (the same code path as
// the API): the demo catalog plus generated active products. Prints the id of a product to read.
// Usage: node --import tsx bench/lib/prepare-catalog.ts <endpoint> <table> <extra products>

import { createDynamoCatalogRepository } from '../../src/adapters/dynamodb/catalog-repository.js';
import { createDocumentClient } from '../../src/adapters/dynamodb/client.js';
import { ensureTable } from '../../src/adapters/dynamodb/table-schema.js';
import { createCatalogService } from '../../src/app/catalog/catalog-service.js';
import { systemClock } from '../../src/app/ports/clock.js';
import { silentLogger } from '../../src/app/ports/logger.js';
import { DEMO_CATEGORIES } from '../../src/local/demo-catalog.js';
import { demoProductId, seedDemoCatalog } from '../../src/local/seed-demo.js';

const [endpoint = '', tableName = 'slimshop', extra = '300'] = process.argv.slice(2);
const client = createDocumentClient({ region: 'us-east-1', endpoint });
await ensureTable(client, tableName);
const repository = createDynamoCatalogRepository({ client, tableName });
const catalog = createCatalogService({ repository, clock: systemClock });
await seedDemoCatalog({ catalog, isEmpty: () => repository.isEmpty(), logger: silentLogger });

const categories = DEMO_CATEGORIES.map((category) => category.id ?? '');
let next = 0;
async function worker(): Promise<void> {
  for (let i = next++; i < Number(extra); i = next++) {
    await catalog.createProduct({
      sku: `BENCH-${i}`,
      name: `Bench product ${i} ${['espresso', 'filter', 'tea', 'mug'][i % 4]}`,
      description: 'Generated for the catalog-read benchmark.',
      price: { amount: 500 + ((i * 37) % 5000), currency: 'EUR' },
      categoryId: categories[i % categories.length] ?? 'coffee',
      status: 'active',
      attributes: { batch: i, weightGrams: 250 },
      taxClass: 'standard',
    });
  }
}
await Promise.all(Array.from({ length: 8 }, worker));
console.log(JSON.stringify({ productId: demoProductId('COF-ESPR-250') }));
