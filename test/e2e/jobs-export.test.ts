import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSV_HEADER } from '../../src/jobs/catalog-files/catalog-rows.js';
import { MS_PER_UNIT } from '../../src/jobs/estimates.js';
import { exportCatalogJob } from '../../src/jobs/export-catalog.js';
import { importCatalogJob } from '../../src/jobs/import-catalog.js';
import type { JobProgress } from '../../src/jobs/job.js';
import { startLocalS3 } from '../../src/local/s3.js';
import { generatedJsonl } from '../fixtures/jobs/catalog-rows.js';
import { comparable, type JobHarness, type JobTable, startJobHarness } from '../fixtures/jobs/job-harness.js';

const ROWS = 800;
const BUCKET = 'slimshop-jobs-test';

describe('export-catalog', () => {
  let harness: JobHarness;
  let source: JobTable;
  let s3: Awaited<ReturnType<typeof startLocalS3>>;
  let s3Env: Record<string, string>;

  beforeAll(async () => {
    harness = await startJobHarness();
    s3 = await startLocalS3({ dir: join(harness.dir, 's3'), buckets: [BUCKET] });
    s3Env = { S3_ENDPOINT: s3.endpoint };
    source = await harness.table(s3Env);
    await source.run(importCatalogJob, { file: await harness.write('source.jsonl', generatedJsonl(ROWS)) });
  }, 300_000);
  afterAll(async () => {
    await s3.close();
    await harness.close();
  });

  it('JSONL round trip: export, import into an empty catalog, same products (attributes and tax classes included)', async () => {
    // The source holds every tax class, so a round trip that dropped them would show.
    expect(new Set((await source.products()).map((product) => product.taxClass))).toEqual(
      new Set(['standard', 'reduced', 'zero']),
    );
    const out = join(harness.dir, 'export.jsonl');
    const progress: JobProgress[] = [];
    const summary = await source.run(exportCatalogJob, { out }, progress);
    expect(summary).toEqual({ exported: 792, out, format: 'jsonl' });
    expect(progress.at(-1)).toMatchObject({ done: 792, total: 792 });

    const target = await harness.table();
    expect(await target.run(importCatalogJob, { file: out })).toEqual({
      read: 792,
      imported: 792,
      rejected: 0,
      unchanged: 0,
    });
    expect(comparable(await target.products())).toEqual(comparable(await source.products()));
  }, 300_000);

  it('CSV round trip through s3:// (multipart upload, streamed download): same products, tax classes too, but attributes, which CSV cannot carry', async () => {
    const out = `s3://${BUCKET}/exports/catalog.csv`;
    expect(await source.run(exportCatalogJob, { out })).toEqual({ exported: 792, out, format: 'csv' });

    const target = await harness.table(s3Env);
    expect(await target.run(importCatalogJob, { file: out })).toMatchObject({
      read: 792,
      imported: 792,
      rejected: 0,
    });
    const withoutAttributes = (products: Awaited<ReturnType<JobTable['products']>>) =>
      comparable(products).map(({ attributes: _a, ...rest }) => rest);
    expect(withoutAttributes(await target.products())).toEqual(withoutAttributes(await source.products()));

    // Importing the CSV over the source changes nothing: the products keep their attributes.
    expect(await source.run(importCatalogJob, { file: out })).toMatchObject({
      imported: 0,
      unchanged: 792,
    });
  }, 300_000);

  it('CSV export neutralises spreadsheet formulas, and the import takes them back exactly', async () => {
    const risky = [
      ['f-1', '=HYPERLINK("http://evil.example","click")', '@SUM(1+1)*cmd|/C calc'],
      ['f-2', '+1-2', "'=already quoted by its author"],
      ['f-3', '-2+3', '\tindented'],
    ];
    const file = await harness.write(
      'formulas.jsonl',
      risky
        .map(([id, name, description]) =>
          JSON.stringify({
            id,
            sku: `FORMULA-${id}`,
            name,
            description,
            price: { amount: 100, currency: 'EUR' },
            categoryId: 'tea',
            status: 'active',
          }),
        )
        .join('\n'),
    );
    const from = await harness.table();
    expect(await from.run(importCatalogJob, { file })).toMatchObject({ imported: 3, rejected: 0 });

    const out = join(harness.dir, 'formulas.csv');
    await from.run(exportCatalogJob, { out });
    const cells = (await harness.read(out)).split(/[,\n]/);
    // What a spreadsheet would run as a formula starts with a quote, shown as text.
    expect(cells.filter((cell) => /^"?[=+\-@\t]/.test(cell))).toEqual([]);
    expect(await harness.read(out)).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);

    const to = await harness.table();
    expect(await to.run(importCatalogJob, { file: out })).toMatchObject({ imported: 3, rejected: 0 });
    expect(comparable(await to.products())).toEqual(comparable(await from.products()));
  });

  it('estimates from a count of the products, with the measured time per product', async () => {
    const runtime = await source.run(
      {
        ...exportCatalogJob,
        run: async (_args, { services }) => exportCatalogJob.estimate({ out: 'x' }, services),
      },
      { out: 'x' },
    );
    expect(runtime).toMatchObject({ units: 792, unit: 'products', msPerUnit: MS_PER_UNIT.exportRow });
    expect(runtime.basis).toContain('792 products (counted)');
  });

  it('writes the documented CSV header, the tax class last, and quotes descriptions with commas and quotes', async () => {
    const out = join(harness.dir, 'export.csv');
    await source.run(exportCatalogJob, { out });
    const lines = (await harness.read(out)).split('\n');
    expect(lines[0]).toBe(CSV_HEADER);
    expect(CSV_HEADER.split(',').at(-1)).toBe('tax_class');
    expect(lines).toContain(
      'p-0000003,SKU-3,Product 3,"Description of ""product"" 3, with a comma",103,USD,tea,draft,standard',
    );
    expect(lines).toContain('p-0000005,SKU-5,Product 5,,105,USD,cups,archived,reduced');
  });
});
