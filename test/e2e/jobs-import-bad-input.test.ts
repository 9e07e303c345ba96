import { stat } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoCatalogBulkWriter } from '../../src/adapters/dynamodb/catalog-bulk.js';
import { createDocumentClient } from '../../src/adapters/dynamodb/client.js';
import type { ProductUpsert } from '../../src/app/ports/catalog-bulk-writer.js';
import type { ProductInput } from '../../src/domain/catalog/product.js';
import { importCatalogJob } from '../../src/jobs/import-catalog.js';
import { generatedRow } from '../fixtures/jobs/catalog-rows.js';
import { type JobHarness, type JobTable, startJobHarness } from '../fixtures/jobs/job-harness.js';
import { startDynamoProxy } from '../support/dynamodb-proxy.js';

const parseLines = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));

/** Input an attacker or a broken export could send: endless lines, floods of bad rows, values no store takes. */
describe('import-catalog with input it cannot take as it is', () => {
  let harness: JobHarness;

  beforeAll(async () => {
    harness = await startJobHarness();
  });
  afterAll(() => harness?.close());

  it('rejects a line over 1 MiB with its reason and imports the rows around it', async () => {
    const table = await harness.table();
    const huge = JSON.stringify({
      ...JSON.parse(generatedRow(2).text),
      description: 'x'.repeat(2 * 1024 ** 2),
    });
    const file = await harness.write(
      'long-line.jsonl',
      `${generatedRow(1).text}\n${huge}\n${generatedRow(3).text}\n`,
    );
    const summary = await table.run(importCatalogJob, { file });
    expect(summary).toMatchObject({ read: 3, imported: 2, rejected: 1 });
    expect(parseLines(await harness.read(`${file}.rejected.jsonl`))).toEqual([
      { line: 2, id: null, errors: [{ path: 'body', message: 'is longer than 1,048,576 bytes: skipped' }] },
    ]);
    expect((await table.products()).map((product) => product.id)).toEqual(['p-0000001', 'p-0000003']);
  });

  it('reads a file of one endless line to its end: one rejected row', async () => {
    const table = await harness.table();
    const file = await harness.write('one-line.jsonl', '{"id":"'.padEnd(5 * 1024 ** 2, 'a'));
    expect(await table.run(importCatalogJob, { file })).toMatchObject({ read: 1, imported: 0, rejected: 1 });
  });

  it('imports a row whose attribute is named like an Object method: the job goes on to the end', async () => {
    const table = await harness.table();
    const odd = { ...JSON.parse(generatedRow(2).text), attributes: { constructor: 1, toString: 'x' } };
    const file = await harness.write(
      'odd-names.jsonl',
      `${generatedRow(1).text}\n${JSON.stringify(odd)}\n${generatedRow(3).text}\n`,
    );
    expect(await table.run(importCatalogJob, { file })).toMatchObject({ read: 3, imported: 3, rejected: 0 });
    expect((await table.repository.getProduct('p-0000002'))?.attributes).toEqual({
      constructor: 1,
      toString: 'x',
    });
  });

  it('keeps the report small whatever the number of bad rows: 1,000 in full, then counts by reason', async () => {
    const table = await harness.table();
    const rows = 20_000;
    let text = '';
    for (let i = 0; i < rows; i++) {
      text +=
        i % 2 === 0
          ? `{"id":"bad-${i}", oops}\n`
          : `${JSON.stringify({ id: `neg-${i}`, sku: `N-${i}`, name: 'n', price: { amount: -1, currency: 'EUR' }, categoryId: 'tea' })}\n`;
    }
    const file = await harness.write('all-bad.jsonl', text);
    const summary = await table.run(importCatalogJob, { file });
    expect(summary).toMatchObject({ read: rows, imported: 0, rejected: rows });

    const report = parseLines(await harness.read(`${file}.rejected.jsonl`));
    expect(report).toHaveLength(1_001);
    expect(report[999]).toMatchObject({ line: 1_000 });
    expect(report[1_000]).toEqual({
      omitted: rows - 1_000,
      reasons: [
        { path: 'body', message: 'is not valid JSON', rows: 9_500 },
        { path: 'price.amount', message: 'Too small: expected number to be >=0', rows: 9_500 },
      ],
    });
    expect((await stat(`${file}.rejected.jsonl`)).size).toBeLessThan((await stat(file)).size / 10);
  });
});

/**
 * Rows the API's schemas let through can still be refused by DynamoDB (a number it cannot hold, an item over
 * 400 KB): each such row is a rejected row with its reason, never a failed import. Built here below the
 * schemas, since they now stop what this test sends.
 */
describe('catalog bulk writes with rows the store refuses', () => {
  let harness: JobHarness;
  let table: JobTable;

  beforeAll(async () => {
    harness = await startJobHarness();
    table = await harness.table();
  });
  afterAll(() => harness?.close());

  const row = (id: string, extra: Partial<ProductInput> = {}, knownNew = false): ProductUpsert => ({
    id,
    input: {
      sku: `SKU-${id}`,
      name: `Product ${id}`,
      price: { amount: 100, currency: 'EUR' },
      categoryId: 'tea',
      status: 'active',
      attributes: {},
      taxClass: 'standard',
      ...extra,
    },
    ...(knownNew ? { knownNew } : {}),
  });
  const unstorable = (knownNew: boolean, prefix: string) => [
    row(`${prefix}-ok-1`, {}, knownNew),
    // The SDK refuses to write a number it would read back as a different one.
    row(`${prefix}-big`, { attributes: { big: 2 ** 60 } }, knownNew),
    // DynamoDB refuses magnitudes below 1e-130.
    row(`${prefix}-tiny`, { attributes: { tiny: 1e-200 } }, knownNew),
    // An item over DynamoDB's 400 KB.
    row(`${prefix}-large`, { description: 'x'.repeat(450 * 1024) }, knownNew),
    row(`${prefix}-ok-2`, {}, knownNew),
  ];

  it.each([
    ['read first (rows that may meet stored products)', false, 'careful'],
    ['known to be new (the initial load: batch writes)', true, 'fresh'],
  ])('rejects each refused row with its reason and writes the others: %s', async (_, knownNew, prefix) => {
    const outcomes = await table.catalog.upsertProducts(unstorable(knownNew, prefix));
    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      'created',
      'rejected',
      'rejected',
      'rejected',
      'created',
    ]);
    for (const outcome of outcomes.slice(1, 4)) {
      expect(outcome).toMatchObject({
        errors: [{ message: expect.stringMatching(/^the catalog storage cannot hold this row/) }],
      });
    }
    const ids = (await table.products()).map((product) => product.id);
    expect(ids.filter((id) => id.startsWith(prefix))).toEqual([`${prefix}-ok-1`, `${prefix}-ok-2`]);
  });

  it('still fails the call when the storage itself is wrong (a table that does not exist), rejecting nothing', async () => {
    const writer = createDynamoCatalogBulkWriter({
      client: createDocumentClient({ region: 'us-east-1', endpoint: harness.endpoint }),
      tableName: 'no-such-table',
    });
    await expect(writer.upsertProducts([row('x-1')])).rejects.toThrow();
  });

  const WRITES = new Set(['BatchWriteItem', 'TransactWriteItems', 'PutItem', 'UpdateItem', 'DeleteItem']);

  it.each([
    ['read first', false],
    ['known to be new', true],
  ])(
    'fails the call when every write is denied (a role that may only read), rejecting no row: %s',
    async (_, knownNew) => {
      // A role allowed to read the table but not to write it: a fault of the storage, not of any row.
      const proxy = await startDynamoProxy(harness.endpoint, (operation) =>
        WRITES.has(operation)
          ? {
              refuse: {
                type: 'AccessDeniedException',
                message: `User is not authorized to perform: dynamodb:${operation}`,
              },
            }
          : 'forward',
      );
      try {
        const writer = createDynamoCatalogBulkWriter({
          client: createDocumentClient({ region: 'us-east-1', endpoint: proxy.endpoint }),
          tableName: table.tableName,
        });
        await expect(writer.upsertProducts([row(`denied-${knownNew}`, {}, knownNew)])).rejects.toThrow(
          expect.objectContaining({ cause: expect.objectContaining({ name: 'AccessDeniedException' }) }),
        );
      } finally {
        await proxy.close();
      }
    },
  );
});
