import { createDynamoCatalogBulkWriter } from '../adapters/dynamodb/catalog-bulk.js';
import { createDocumentClient } from '../adapters/dynamodb/client.js';
import type { Clock } from '../app/ports/clock.js';
import type { Logger } from '../app/ports/logger.js';
import type { JobConfig } from '../config/config.js';
import type { JobServices } from '../jobs/job-services.js';
import { createJobFileStore } from './job-files.js';

/**
 * What the API needs to estimate a job before it launches one: the catalog's counts and the input file's
 * size. Not the image pipeline, the database or the payments a run loads: kept apart from
 * createJobServices so the API bundle carries none of them (the image pipeline alone is ~140 KB of code).
 */
export function createEstimateServices(config: JobConfig, logger: Logger, clock?: Clock): JobServices {
  const client = createDocumentClient({ region: config.region, endpoint: config.dynamodbEndpoint });
  return {
    logger,
    catalog: createDynamoCatalogBulkWriter({ client, tableName: config.tableName, clock }),
    files: createJobFileStore(config, 'jobs'),
  };
}
