import type { PaymentService } from '../app/payments/payment-service.js';
import type { CatalogBulkWriter } from '../app/ports/catalog-bulk-writer.js';
import type { FileStore } from '../app/ports/file-store.js';
import type { Logger } from '../app/ports/logger.js';
import type { OrderStore } from '../app/ports/order-store.js';

/** Rebuilds one uploaded image's variants through the image pipeline (src/app/media/process-upload.ts). */
export interface ImageReprocessor {
  reprocess(productId: string, imageId: string): Promise<string>;
}

/** The ports job bodies work through; composition builds them per runtime (src/composition/create-job-services.ts). */
export interface JobServices {
  logger: Logger;
  catalog: CatalogBulkWriter;
  /** Local paths and s3:// locations. */
  files: FileStore;
  /** Absent without IMAGE_BUCKET: reoptimize-images then fails naming the variable. */
  images?: ImageReprocessor;
  /** Absent without a database configuration: sales-report then fails naming the variable. */
  orders?: OrderStore;
  /** Absent without a database configuration: cancel-unpaid-orders then fails naming the variable. */
  payments?: Pick<PaymentService, 'expireUnpaidOrders'>;
  /** This container's place in an AWS Batch array job (AWS_BATCH_JOB_ARRAY_INDEX / _SIZE), if it is in one. */
  arrayShard?: { index: number; count: number };
}
