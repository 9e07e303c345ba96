import { createDynamoCatalogBulkWriter } from '../adapters/dynamodb/catalog-bulk.js';
import { createDocumentClient } from '../adapters/dynamodb/client.js';
import type { ProcessUploadDeps } from '../app/media/process-upload.js';
import { type Clock, systemClock } from '../app/ports/clock.js';
import type { Logger } from '../app/ports/logger.js';
import { DEFAULTS, type JobConfig } from '../config/config.js';
import type { JobServices } from '../jobs/job-services.js';
import type { MetricsSource } from '../observability/metrics.js';
import { createPayments } from './create-payments.js';
import { createJobFileStore, type JobFileAccess } from './job-files.js';
import { createLazyPostgres } from './lazy-postgres.js';

export interface JobRuntime {
  services: JobServices;
  /** Closes what the run opened (the database pool). */
  close(): Promise<void>;
}

/**
 * The ports of a job run: the catalog table in bulk, files on disk or in S3, and on demand the image
 * pipeline (sharp, the bucket) and PostgreSQL. Heavy parts load on first use, so an import never loads sharp
 * or `pg`, and a local run never loads the S3 SDK.
 */
export function createJobServices(
  config: JobConfig,
  overrides: { logger: Logger; clock?: Clock; files?: JobFileAccess; metrics?: MetricsSource },
): JobRuntime {
  const { logger } = overrides;
  const client = createDocumentClient({ region: config.region, endpoint: config.dynamodbEndpoint });
  const database =
    config.database === undefined
      ? undefined
      : createLazyPostgres({
          database: config.database,
          region: config.region,
          runtime: 'server',
          logger,
          // Orders the unpaid-order expiry cancels count as cancelled orders.
          metrics: overrides.metrics,
        });
  const images = config.images;
  // The image pipeline (sharp and the bucket), built by the first image a run rebuilds.
  let worker: ProcessUploadDeps | undefined;
  const services: JobServices = {
    logger,
    catalog: createDynamoCatalogBulkWriter({ client, tableName: config.tableName, clock: overrides.clock }),
    files: createJobFileStore(config, overrides.files ?? 'jobs'),
    ...(database === undefined
      ? {}
      : { orders: database.orders, payments: jobPayments(config, database, overrides) }),
    ...(config.arrayShard === undefined ? {} : { arrayShard: config.arrayShard }),
    ...(images === undefined
      ? {}
      : {
          images: {
            async reprocess(productId, imageId) {
              const [{ createImageWorker }, { reprocessStoredImage }] = await Promise.all([
                import('./create-image-worker.js'),
                import('../app/media/process-upload.js'),
              ]);
              worker ??= createImageWorker({ ...config, images }, { logger, clock: overrides.clock });
              return reprocessStoredImage(worker, productId, imageId);
            },
          },
        }),
  };
  return { services, close: async () => database?.close() };
}

/**
 * What cancel-unpaid-orders works with: the stores, and the provider refunds go to (Stripe with
 * STRIPE_SECRET_KEY, else the test provider: the payment service refunds a payment only through the
 * provider that took it, so a Stripe payment is never "refunded" by the test provider).
 */
function jobPayments(
  config: JobConfig,
  database: ReturnType<typeof createLazyPostgres>,
  overrides: { logger: Logger; clock?: Clock },
): NonNullable<JobServices['payments']> {
  const settings = config.payments ?? { timeoutMinutes: Number(DEFAULTS.paymentTimeoutMinutes) };
  const payments = createPayments(
    { ...settings, provider: settings.provider ?? { name: 'test' } },
    {
      store: database.payments,
      orders: database.orders,
      visibleOrder: async () => {
        throw new Error('A job reads no order on behalf of a caller.');
      },
      clock: overrides.clock ?? systemClock,
      logger: overrides.logger,
    },
  );
  if (payments === undefined) throw new Error('a payment provider is always configured here');
  return payments;
}
