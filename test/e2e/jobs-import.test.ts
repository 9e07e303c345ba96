import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSV_HEADER } from '../../src/jobs/catalog-files/catalog-rows.js';
import { MS_PER_UNIT } from '../../src/jobs/estimates.js';
import { importCatalogJob } from '../../src/jobs/import-catalog.js';
import { type JobProgress, TransientJobError } from '../../src/jobs/job.js';
import { expectedReport, generatedJsonl } from '../fixtures/jobs/catalog-rows.js';
import { comparable, type JobHarness, type JobTable, startJobHarness } from '../fixtures/jobs/job-harness.js';

const ROWS = 10_000;
/** The CSV header before products had a tax class. */
const OLD_CSV_HEADER = 'id,sku,name,description,price_amount,price_currency,category_id,status';
const parseLines = (text: string) =>
  text
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));

describe('import-catalog: 10,000 generated rows with malformed ones mixed in', () => {
  let harness: JobHarness;
  let table: JobTable;
  let file: string;
  let report: string;
  let first: Awaited<ReturnType<typeof importCatalogJob.run>>;
  const progress: JobProgress[] = [];

  beforeAll(async () => {
    harness = await startJobHarness();
    table = await harness.table();
    file = await harness.write('catalog.jsonl', generatedJsonl(ROWS));
    report = `${harness.dir}/report.jsonl`;
    first = await table.run(importCatalogJob, { file, report }, progress);
  }, 300_000);
  afterAll(() => harness.close());

  it('counts every row and lists exactly the rejected ones, in file order, with the API field errors', async () => {
    expect(first).toEqual({ read: ROWS, imported: 9_900, rejected: 100, unchanged: 0, report });
    expect(parseLines(await harness.read(report))).toEqual(expectedReport(ROWS));
  });

  it('stores good rows as the API would (PUT bodies: version 1, defaults applied) and none of the bad ones', async () => {
    const product = await table.repository.getProduct('p-0000005');
    expect(product).toMatchObject({
      id: 'p-0000005',
      sku: 'SKU-5',
      name: 'Product 5',
      price: { amount: 105, currency: 'USD' },
      categoryId: 'cups',
      status: 'archived',
      attributes: { origin: 'Assam', grams: 105 },
      taxClass: 'reduced',
      version: 1,
    });
    // A row without a tax class gets the default.
    expect((await table.repository.getProduct('p-0000004'))?.taxClass).toBe('standard');
    expect(await table.repository.getProduct('p-0000123')).toBeUndefined();
    // The SKU row 400 asked for stays with its owner.
    expect((await table.repository.getProduct('p-0000000'))?.sku).toBe('SKU-0');
    expect(await table.repository.getProduct('p-0000400')).toBeUndefined();
    expect(progress.at(-1)).toMatchObject({ done: ROWS, unit: 'rows' });
  });

  it('imports nothing twice: a rerun writes nothing and bumps no version', async () => {
    const before = await table.products();
    const again = await table.run(importCatalogJob, { file, report });
    expect(again).toEqual({ read: ROWS, imported: 0, rejected: 100, unchanged: 9_900, report });
    expect(await table.products()).toEqual(before);
  }, 300_000);

  it('upserts changed rows: version + 1, createdAt kept; an API write of a taken SKU still fails afterwards', async () => {
    const changed = await harness.write('changed.jsonl', generatedJsonl(300, ' v2'));
    const before = await table.repository.getProduct('p-0000001');
    const summary = await table.run(importCatalogJob, { file: changed });
    expect(summary).toMatchObject({ read: 300, imported: 297, rejected: 3, unchanged: 0 });
    const after = await table.repository.getProduct('p-0000001');
    expect(after).toMatchObject({ name: 'Product 1 v2', version: 2, createdAt: before?.createdAt });
    const now = new Date().toISOString();
    await expect(
      table.repository.insertProduct({
        ...(after as NonNullable<typeof after>),
        id: 'intruder',
        createdAt: now,
        updatedAt: now,
        version: 1,
      }),
    ).rejects.toMatchObject({ kind: 'conflict' });
  }, 300_000);
});

describe('import-catalog: invariants across rows', () => {
  let harness: JobHarness;
  beforeAll(async () => {
    harness = await startJobHarness();
  });
  afterAll(() => harness.close());

  const body = (id: string, sku: string, categoryId = 'tea') =>
    JSON.stringify({ id, sku, name: `Name of ${id}`, price: { amount: 250, currency: 'EUR' }, categoryId });

  it('a SKU an API-created product holds is a rejected row, not a silent steal', async () => {
    const table = await harness.table();
    const now = new Date().toISOString();
    await table.repository.insertProduct({
      id: 'from-api',
      sku: 'TAKEN',
      name: 'API product',
      price: { amount: 1, currency: 'EUR' },
      categoryId: 'tea',
      status: 'active',
      attributes: {},
      taxClass: 'standard',
      createdAt: now,
      updatedAt: now,
      version: 1,
    });
    const file = await harness.write(
      'steal.jsonl',
      `${body('imported', 'TAKEN')}\n${body('fine', 'FREE')}\n`,
    );
    const summary = await table.run(importCatalogJob, { file });
    expect(summary).toMatchObject({ read: 2, imported: 1, rejected: 1, report: `${file}.rejected.jsonl` });
    expect(parseLines(await harness.read(`${file}.rejected.jsonl`))).toEqual([
      {
        line: 1,
        id: 'imported',
        errors: [{ path: 'sku', message: 'SKU "TAKEN" is already taken by product "from-api"' }],
      },
    ]);
    expect((await table.repository.getProduct('from-api'))?.sku).toBe('TAKEN');
  });

  it('rows apply in file order: a later row may take the SKU an earlier row gave up, and a moved product frees its old SKU', async () => {
    const table = await harness.table();
    await table.run(importCatalogJob, { file: await harness.write('a.jsonl', `${body('a', 'OLD')}\n`) });
    const file = await harness.write(
      'b.jsonl',
      `${body('a', 'NEW', 'coffee')}\n${body('b', 'OLD')}\n${body('a', 'NEWEST', 'coffee')}\n`,
    );
    const summary = await table.run(importCatalogJob, { file });
    expect(summary).toMatchObject({ read: 3, imported: 3, rejected: 0 });
    expect(await table.repository.getProduct('a')).toMatchObject({
      sku: 'NEWEST',
      categoryId: 'coffee',
      version: 3,
    });
    expect(await table.repository.getProduct('b')).toMatchObject({ sku: 'OLD', version: 1 });
    // 'NEW' was given up again: a new product may use it; 'OLD' is b's now.
    const now = new Date().toISOString();
    const product = {
      name: 'x',
      price: { amount: 1, currency: 'EUR' },
      categoryId: 'tea',
      status: 'draft' as const,
      attributes: {},
      taxClass: 'standard' as const,
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
    await table.repository.insertProduct({ ...product, id: 'c', sku: 'NEW' });
    await expect(table.repository.insertProduct({ ...product, id: 'd', sku: 'OLD' })).rejects.toMatchObject({
      kind: 'conflict',
    });
    // The category it left no longer counts it as a member: tea can be deleted once empty.
    expect((await table.products()).filter((p) => p.categoryId === 'tea').map((p) => p.id)).toEqual([
      'b',
      'c',
    ]);
  });

  it('an initial load (empty catalog: nothing read for new rows) ends as the same file into a filled catalog', async () => {
    // Rows repeat ids and SKUs across batches of 100 (and within one): the careful path must still decide them.
    const lines = generatedJsonl(300).trim().split('\n');
    lines.push(
      body('p-0000010', 'MOVED', 'coffee'), // same id as row 10, a new SKU: a replacement that frees SKU-10
      body('steals', 'SKU-20'), // row 20's SKU under another id: rejected
      body('later', 'SKU-10'), // the SKU row 301 just freed: taken
      body('twice', 'ONE'),
      body('twice', 'TWO'), // the same id twice in a row: a replacement
    );
    const file = await harness.write('initial.jsonl', `${lines.join('\n')}\n`);
    const empty = await harness.table();
    const filled = await harness.table();
    const now = new Date().toISOString();
    const other = {
      id: 'already-here',
      sku: 'ALREADY',
      name: 'Stored before the import',
      price: { amount: 1, currency: 'EUR' },
      categoryId: 'cups',
      status: 'active' as const,
      attributes: {},
      taxClass: 'standard' as const,
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
    await filled.repository.insertProduct(other);

    const initial = await empty.run(importCatalogJob, { file, report: `${file}.empty.jsonl` });
    const careful = await filled.run(importCatalogJob, { file, report: `${file}.filled.jsonl` });
    const { report: _a, ...initialCounts } = initial;
    const { report: _b, ...carefulCounts } = careful;
    expect(initialCounts).toEqual(carefulCounts);
    expect(await harness.read(`${file}.empty.jsonl`)).toBe(await harness.read(`${file}.filled.jsonl`));
    expect(parseLines(await harness.read(`${file}.empty.jsonl`)).map((line) => line.id)).toContain('steals');
    const sorted = async (table: JobTable) =>
      comparable(await table.products())
        .filter((product) => product.id !== other.id)
        .sort((a, b) => a.id.localeCompare(b.id));
    expect(await sorted(empty)).toEqual(await sorted(filled));
    expect(await empty.repository.getProduct('p-0000010')).toMatchObject({ sku: 'MOVED', version: 2 });
    expect(await empty.repository.getProduct('twice')).toMatchObject({ sku: 'TWO', version: 2 });
    // The SKU guards are right too: freed SKUs can be used again, held ones cannot.
    for (const table of [empty, filled]) {
      await table.repository.insertProduct({ ...other, id: 'reuses', sku: 'ONE' });
      await expect(
        table.repository.insertProduct({ ...other, id: 'clash', sku: 'MOVED' }),
      ).rejects.toMatchObject({
        kind: 'conflict',
      });
    }
  });

  it('while an initial load of another file holds the catalog, an import stops (retry later) and writes nothing', async () => {
    const table = await harness.table();
    const other = await table.catalog.startInitialLoad('/elsewhere/first.jsonl');
    expect(other).toBeDefined();
    const file = await harness.write('second.jsonl', `${body('second', 'SECOND')}\n`);

    const stopped = table.run(importCatalogJob, { file });
    await expect(stopped).rejects.toBeInstanceOf(TransientJobError);
    await expect(stopped).rejects.toThrow(/initial load of the catalog is running/);
    expect(await table.products()).toEqual([]);

    await other?.release();
    expect(await table.run(importCatalogJob, { file })).toMatchObject({ read: 1, imported: 1 });
    // Its own initial load is over: the next import takes the careful path, undisturbed.
    expect(await table.catalog.initialLoadRunning('/elsewhere/third.jsonl')).toBe(false);
  });

  it('a rerun of the same file reports the same state (comparable catalogs)', async () => {
    const table = await harness.table();
    const file = await harness.write('small.jsonl', generatedJsonl(600));
    await table.run(importCatalogJob, { file });
    const once = comparable(await table.products());
    await table.run(importCatalogJob, { file });
    expect(comparable(await table.products())).toEqual(once);
  });

  it('reads CSV with RFC 4180 quoting and reports bad rows by the line they start on and the column to fix', async () => {
    const table = await harness.table();
    const csv = [
      // A file without the tax_class column, as written before products had one: still read.
      OLD_CSV_HEADER,
      'c1,CSV-1,"Mug, large","A ""big"" mug,',
      'two lines",1250,EUR,cups,active',
      'c2,CSV-2,Plain,,990,USD,tea,',
      'c3,CSV-3,Too few,fields',
      'c4,CSV-4,Bad price,,12.5,EUR,tea,active',
      'c5,CSV-5,Bad currency,,100,EURO,nowhere,active',
      '',
    ].join('\r\n');
    const file = await harness.write('catalog.csv', csv);
    const report = `${harness.dir}/csv-report.jsonl`;
    const summary = await table.run(importCatalogJob, { file, report });
    expect(summary).toEqual({ read: 5, imported: 2, rejected: 3, unchanged: 0, report });
    expect(await table.repository.getProduct('c1')).toMatchObject({
      name: 'Mug, large',
      description: 'A "big" mug,\r\ntwo lines',
      price: { amount: 1250, currency: 'EUR' },
      categoryId: 'cups',
      status: 'active',
    });
    expect(await table.repository.getProduct('c2')).toMatchObject({
      status: 'draft',
      price: { amount: 990, currency: 'USD' },
    });
    expect(parseLines(await harness.read(report))).toEqual([
      {
        line: 5,
        id: 'c3',
        errors: [{ path: 'body', message: `has 4 fields, expected 8 (${OLD_CSV_HEADER})` }],
      },
      {
        line: 6,
        id: 'c4',
        errors: [{ path: 'price_amount', message: 'must be an integer number of minor units' }],
      },
      {
        line: 7,
        id: 'c5',
        errors: [{ path: 'price_currency', message: 'must be an ISO 4217 currency code such as "EUR"' }],
      },
    ]);
  });

  it('estimates rows from the file size and the bytes per line of a sample, with the measured time per row', async () => {
    const table = await harness.table();
    const file = await harness.write('estimate.jsonl', generatedJsonl(5_000));
    const estimate = await table.run(
      { ...importCatalogJob, run: async (args, { services }) => importCatalogJob.estimate(args, services) },
      { file },
    );
    expect(estimate.unit).toBe('rows');
    expect(estimate.units).toBeGreaterThan(4_750);
    expect(estimate.units).toBeLessThan(5_250);
    expect(estimate.seconds).toBe(Math.ceil((estimate.units * MS_PER_UNIT.importRow) / 1000));
  });

  it('reads the tax_class column: each class, empty for the default, anything else rejected by that column', async () => {
    const table = await harness.table();
    const rows = ['reduced', 'zero', 'standard', '', 'luxury'].map(
      (taxClass, i) => `t${i},TAX-${i},Taxed ${i},,100,EUR,tea,active,${taxClass}`,
    );
    const file = await harness.write('tax-classes.csv', [CSV_HEADER, ...rows, ''].join('\n'));
    const report = `${harness.dir}/tax-classes-report.jsonl`;
    expect(await table.run(importCatalogJob, { file, report })).toEqual({
      read: 5,
      imported: 4,
      rejected: 1,
      unchanged: 0,
      report,
    });
    const classes = await Promise.all(
      ['t0', 't1', 't2', 't3'].map(async (id) => (await table.repository.getProduct(id))?.taxClass),
    );
    expect(classes).toEqual(['reduced', 'zero', 'standard', 'standard']);
    expect(await table.repository.getProduct('t4')).toBeUndefined();
    expect(parseLines(await harness.read(report))).toEqual([
      {
        line: 6,
        id: 't4',
        errors: [
          { path: 'tax_class', message: 'Invalid option: expected one of "standard"|"reduced"|"zero"' },
        ],
      },
    ]);
  });

  it('a CSV file without the tax_class column keeps the tax class of the products it replaces; new ones get standard', async () => {
    const table = await harness.table();
    const withClasses = await harness.write(
      'with-classes.csv',
      `${CSV_HEADER}\nk1,KEEP-1,Kept,,100,EUR,tea,active,reduced\nk2,KEEP-2,Kept too,,100,EUR,tea,active,zero\n`,
    );
    await table.run(importCatalogJob, { file: withClasses });
    const old = await harness.write(
      'old.csv',
      `${OLD_CSV_HEADER}\nk1,KEEP-1,Renamed,,100,EUR,tea,active\nk2,KEEP-2,Kept too,,100,EUR,tea,active\nk3,NEW-3,New,,100,EUR,tea,active\n`,
    );
    expect(await table.run(importCatalogJob, { file: old })).toMatchObject({
      read: 3,
      imported: 2,
      unchanged: 1,
      rejected: 0,
    });
    expect(await table.repository.getProduct('k1')).toMatchObject({
      name: 'Renamed',
      taxClass: 'reduced',
      version: 2,
    });
    expect(await table.repository.getProduct('k2')).toMatchObject({ taxClass: 'zero', version: 1 });
    expect(await table.repository.getProduct('k3')).toMatchObject({ taxClass: 'standard', version: 1 });
    // The same file with the column says what it wants: its value replaces the stored one.
    const current = await harness.write(
      'current.csv',
      `${CSV_HEADER}\nk1,KEEP-1,Renamed,,100,EUR,tea,active,standard\n`,
    );
    expect(await table.run(importCatalogJob, { file: current })).toMatchObject({ imported: 1 });
    expect(await table.repository.getProduct('k1')).toMatchObject({ taxClass: 'standard', version: 3 });
  });

  it('refuses a CSV file whose header is not the documented one, before writing anything', async () => {
    const table = await harness.table();
    const file = await harness.write('wrong.csv', 'id,name,sku\nx,y,z\n');
    await expect(table.run(importCatalogJob, { file })).rejects.toThrow(/must start with the header/);
    expect(await table.products()).toEqual([]);
  });
});
