import { countOf } from '../app/jobs/counted.js';
import * as z from '../domain/shared/zod.js';
import {
  CATALOG_FORMATS,
  CSV_HEADER,
  formatOf,
  productCsvLine,
  productJsonLine,
} from './catalog-files/catalog-rows.js';
import { estimateOf, MS_PER_UNIT } from './estimates.js';
import { type JobDefinition, TransientJobError } from './job.js';

const exportArgsSchema = z.strictObject({
  out: z.string().check(z.minLength(1)),
  format: z.optional(z.enum(CATALOG_FORMATS)),
});
export type ExportCatalogArgs = z.infer<typeof exportArgsSchema>;

export interface ExportCatalogSummary {
  exported: number;
  out: string;
  format: 'jsonl' | 'csv';
}

/**
 * Every product, in the import's own formats: JSONL lines are PUT bodies with `id` (attributes included), so
 * exporting and importing into an empty catalog (with the same categories) gives the same products. CSV has
 * the fixed import header and therefore no attributes; importing CSV keeps the attributes a product has.
 */
export const exportCatalogJob: JobDefinition<ExportCatalogArgs, ExportCatalogSummary> = {
  name: 'export-catalog',
  description: 'Write every product to --out <path|s3://…> [--format jsonl|csv] (importable as is)',
  args: exportArgsSchema,
  files: { out: 'write' },
  async estimate(_args, services) {
    const products = await services.catalog.countProducts();
    return estimateOf(
      products,
      'products',
      MS_PER_UNIT.exportRow,
      `${countOf(products, 'products')} (counted)`,
    );
  },
  async run(args, { services, onProgress, signal }) {
    const format = formatOf(args.out, args.format);
    const total = await services.catalog.countProducts();
    const writer = await services.files.createWriter(
      args.out,
      format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson',
    );
    let exported = 0;
    try {
      if (format === 'csv') await writer.write(`${CSV_HEADER}\n`);
      for await (const page of services.catalog.products()) {
        if (signal.aborted) throw new TransientJobError('The export was interrupted; run it again.');
        const line = format === 'csv' ? productCsvLine : productJsonLine;
        // One write per page: the writer's backpressure still applies, without a promise per product.
        await writer.write(`${page.map(line).join('\n')}\n`);
        exported += page.length;
        onProgress({ done: exported, total: Math.max(total, exported), unit: 'products' });
      }
    } catch (error) {
      // Nothing half-written under the final name: a rerun writes the whole file again.
      await writer.abort();
      throw error;
    }
    await writer.close();
    return { exported, out: args.out, format };
  },
};
