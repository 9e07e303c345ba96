import { countOf } from '../app/jobs/counted.js';
import * as z from '../domain/shared/zod.js';
import { estimateOf, MS_PER_UNIT } from './estimates.js';
import { type JobDefinition, TransientJobError } from './job.js';
import type { JobServices } from './job-services.js';
import { parseShard, type Shard, shardOf } from './shards.js';

const reoptimizeArgsSchema = z.strictObject({
  shard: z.optional(
    z
      .string()
      .check(z.refine((text) => parseShard(text) !== undefined, 'must be i/n with 0 <= i < n, e.g. 0/4')),
  ),
});
export type ReoptimizeImagesArgs = z.infer<typeof reoptimizeArgsSchema>;

export interface ReoptimizeImagesSummary {
  shard: string;
  /** Products of this shard that have images. */
  products: number;
  images: number;
  /** Outcomes as the image pipeline names them (ready, failed, stale, ignored). */
  outcomes: Record<string, number>;
}

/** --shard wins; else the array job's AWS_BATCH_JOB_ARRAY_INDEX / _SIZE; else everything in one run. */
export function shardFor(args: ReoptimizeImagesArgs, services: JobServices): Shard {
  return (
    (args.shard === undefined ? undefined : parseShard(args.shard)) ??
    services.arrayShard ?? { index: 0, count: 1 }
  );
}

/**
 * Rebuilds every image's variants with the current pipeline (new widths, formats or encoder settings), one
 * shard of the products per run, so an AWS Batch array job of n children covers each product exactly once.
 * A rebuild overwrites the same variant keys, so an interrupted shard is simply run again.
 */
export const reoptimizeImagesJob: JobDefinition<ReoptimizeImagesArgs, ReoptimizeImagesSummary> = {
  name: 'reoptimize-images',
  description:
    'Rebuild every product image variant [--shard i/n] (default: AWS_BATCH_JOB_ARRAY_INDEX / _SIZE, else all)',
  args: reoptimizeArgsSchema,
  async estimate(args, services) {
    const shard = shardFor(args, services);
    const products = await services.catalog.countProducts();
    // Images per product from the first page of products: the catalog's own mix, not a guess.
    let sampled = 0;
    let images = 0;
    for await (const page of services.catalog.products()) {
      sampled = page.length;
      images = page.reduce((sum, product) => sum + (product.images?.length ?? 0), 0);
      break;
    }
    const perProduct = sampled === 0 ? 0 : images / sampled;
    const units = (products * perProduct) / shard.count;
    return estimateOf(
      units,
      'images',
      MS_PER_UNIT.image,
      `about ${countOf(units, 'images')} (${countOf(products, 'products')} at ${Number(perProduct.toFixed(2))} images per product on the first page${shard.count > 1 ? `, one of ${shard.count} shards` : ''})`,
    );
  },
  async run(args, { services, onProgress, signal }) {
    const images = services.images;
    if (images === undefined) throw new Error('reoptimize-images needs the image bucket: set IMAGE_BUCKET.');
    const shard = shardFor(args, services);
    const summary: ReoptimizeImagesSummary = {
      shard: `${shard.index}/${shard.count}`,
      products: 0,
      images: 0,
      outcomes: {},
    };
    for await (const page of services.catalog.products()) {
      for (const product of page) {
        if (shardOf(product.id, shard.count) !== shard.index || !product.images?.length) continue;
        summary.products++;
        for (const image of product.images) {
          if (signal.aborted)
            throw new TransientJobError('Re-optimisation was interrupted; run the shard again.');
          const outcome = await images.reprocess(product.id, image.id);
          summary.images++;
          summary.outcomes[outcome] = (summary.outcomes[outcome] ?? 0) + 1;
          onProgress({ done: summary.images, unit: 'images' });
        }
      }
    }
    return summary;
  },
};
