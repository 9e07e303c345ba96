import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3Client } from '../../src/adapters/s3/client.js';
import { originalKey } from '../../src/domain/media/image.js';
import { reoptimizeImagesJob } from '../../src/jobs/reoptimize-images.js';
import { shardOf } from '../../src/jobs/shards.js';
import { startLocalS3 } from '../../src/local/s3.js';
import { smallJpeg } from '../fixtures/images/fixtures.js';
import { type JobHarness, type JobTable, startJobHarness } from '../fixtures/jobs/job-harness.js';

const BUCKET = 'slimshop-reoptimize-test';
const PRODUCTS = ['mug', 'teapot', 'kettle', 'cup', 'saucer', 'spoon', 'tray'];

describe('reoptimize-images', () => {
  let harness: JobHarness;
  let s3: Awaited<ReturnType<typeof startLocalS3>>;
  let table: JobTable;

  beforeAll(async () => {
    harness = await startJobHarness();
    s3 = await startLocalS3({ dir: join(harness.dir, 's3'), buckets: [BUCKET] });
    table = await harness.table({ IMAGE_BUCKET: BUCKET, S3_ENDPOINT: s3.endpoint });
    const client = createS3Client({ region: 'us-east-1', endpoint: s3.endpoint });
    const photo = await smallJpeg();
    const now = new Date().toISOString();
    // Each product has one uploaded original whose variants were never made (the event was lost).
    for (const id of PRODUCTS) {
      await client.send(
        new PutObjectCommand({
          Bucket: BUCKET,
          Key: originalKey(id, `img-${id}`),
          Body: photo,
          ContentType: 'image/jpeg',
        }),
      );
      await table.repository.insertProduct({
        id,
        sku: `SKU-${id}`,
        name: id,
        price: { amount: 500, currency: 'EUR' },
        categoryId: 'cups',
        status: 'active',
        attributes: {},
        taxClass: 'standard',
        images: [{ id: `img-${id}`, status: 'processing', variants: [] }],
        createdAt: now,
        updatedAt: now,
        version: 1,
      });
    }
    client.destroy();
  }, 60_000);
  afterAll(async () => {
    await s3.close();
    await harness.close();
  });

  it('three shards rebuild every image exactly once, through the image pipeline, with fetchable variants', async () => {
    const summaries = [];
    for (const shard of ['0/3', '1/3', '2/3'])
      summaries.push(await table.run(reoptimizeImagesJob, { shard }));
    expect(summaries.map((summary) => summary.products)).toEqual(
      [0, 1, 2].map((index) => PRODUCTS.filter((id) => shardOf(id, 3) === index).length),
    );
    expect(summaries.reduce((sum, summary) => sum + summary.images, 0)).toBe(PRODUCTS.length);
    expect(summaries.reduce((sum, summary) => sum + (summary.outcomes.ready ?? 0), 0)).toBe(PRODUCTS.length);

    for (const id of PRODUCTS) {
      const image = (await table.repository.getProduct(id))?.images?.[0];
      expect(image).toMatchObject({ status: 'ready', width: 200, height: 100 });
      // 200 px wide: no upscaling, so one variant per format (original jpeg, webp, avif).
      expect(image?.variants.map((variant) => variant.format).sort()).toEqual(['avif', 'jpeg', 'webp']);
      const response = await fetch(image?.variants[0]?.url as string);
      expect(response.status).toBe(200);
    }
  }, 120_000);

  it('a rerun rebuilds the same variants under the same URLs (safe to repeat after an interruption)', async () => {
    const before = (await table.repository.getProduct('mug'))?.images?.[0]?.variants.map((v) => v.url);
    const summary = await table.run(reoptimizeImagesJob, {});
    expect(summary).toMatchObject({ shard: '0/1', products: PRODUCTS.length, images: PRODUCTS.length });
    expect((await table.repository.getProduct('mug'))?.images?.[0]?.variants.map((v) => v.url)).toEqual(
      before,
    );
  }, 120_000);
});
