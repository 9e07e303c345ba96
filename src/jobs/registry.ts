import { cancelUnpaidOrdersJob } from './cancel-unpaid-orders.js';
import { exportCatalogJob } from './export-catalog.js';
import { importCatalogJob } from './import-catalog.js';
import type { JobDefinition, JobName } from './job.js';
import { reoptimizeImagesJob } from './reoptimize-images.js';
import { salesReportJob } from './sales-report.js';

/**
 * Every job by name: the CLI (`npm run job -- <name>`), the Batch container and POST /jobs (which validates
 * `args` with the definition's schema and asks it for an estimate) all look jobs up here.
 */
// biome-ignore lint/suspicious/noExplicitAny: each definition has its own args and summary types; callers validate args with `definition.args` first.
export const JOBS: Record<JobName, JobDefinition<any, any>> = {
  'import-catalog': importCatalogJob,
  'export-catalog': exportCatalogJob,
  'reoptimize-images': reoptimizeImagesJob,
  'sales-report': salesReportJob,
  'cancel-unpaid-orders': cancelUnpaidOrdersJob,
};

export function findJob(name: string): JobDefinition<unknown, Record<string, unknown>> | undefined {
  return Object.hasOwn(JOBS, name)
    ? (JOBS[name as JobName] as JobDefinition<unknown, Record<string, unknown>>)
    : undefined;
}
