import { createDynamoCatalogRepository } from '../adapters/dynamodb/catalog-repository.js';
import { createDocumentClient } from '../adapters/dynamodb/client.js';
import { createDynamoIdempotencyStore } from '../adapters/dynamodb/idempotency-store.js';
import { createSharpImageProcessor } from '../adapters/images/sharp-image-processor.js';
import type { ProcessUploadDeps } from '../app/media/process-upload.js';
import { type Clock, systemClock } from '../app/ports/clock.js';
import type { Logger } from '../app/ports/logger.js';
import type { ImageStorageConfig } from '../config/config.js';
import { createLogger } from '../observability/logger.js';
import { createImageObjectStore } from './image-storage.js';

export interface ImageWorkerConfig {
  tableName: string;
  region: string;
  dynamodbEndpoint?: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  images: ImageStorageConfig;
}

/**
 * What the image Lambda (and `npm start`'s stand-in for it) needs: the bucket, sharp, and the catalog
 * table where images are recorded and uploads claimed. Only this runtime loads sharp; the API never does.
 */
export function createImageWorker(
  config: ImageWorkerConfig,
  overrides: { logger?: Logger; clock?: Clock } = {},
): ProcessUploadDeps {
  const clock = overrides.clock ?? systemClock;
  const client = createDocumentClient({ region: config.region, endpoint: config.dynamodbEndpoint });
  return {
    repository: createDynamoCatalogRepository({ client, tableName: config.tableName, clock }),
    idempotency: createDynamoIdempotencyStore({ client, tableName: config.tableName, clock }),
    objects: createImageObjectStore(config.images, config.region),
    processor: createSharpImageProcessor(),
    clock,
    logger: overrides.logger ?? createLogger({ level: config.logLevel }),
  };
}
