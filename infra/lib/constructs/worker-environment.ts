import { ENV } from '../../../src/config/env-names.js';
import type { StageConfig } from '../config/stage-config.js';
import { certificateEnvironment, type DatabaseEndpoint, databaseEnvironment } from './database-access.js';

export interface WorkerEnvironmentProps {
  readonly tableName: string;
  readonly imageBucket: string;
  /** The CDN URL variant URLs start with (the bucket itself is private). */
  readonly imagePublicBaseUrl: string;
  readonly jobsBucket: string;
  readonly config: StageConfig;
}

/**
 * What every worker reads (the image Lambda, the jobs Lambda, Batch jobs): the table, both buckets, the
 * variants' public URL and the log level. No JWT settings: workers answer no HTTP request.
 */
export function workerEnvironment({
  tableName,
  imageBucket,
  imagePublicBaseUrl,
  jobsBucket,
  config,
}: WorkerEnvironmentProps): Record<string, string> {
  return {
    [ENV.tableName]: tableName,
    [ENV.imageBucket]: imageBucket,
    [ENV.imagePublicBaseUrl]: imagePublicBaseUrl,
    [ENV.jobsBucket]: jobsBucket,
    [ENV.logLevel]: config.logLevel,
    [ENV.stage]: config.stage,
  };
}

/**
 * The database part for the job runtimes (sales-report reads PostgreSQL). Migrations stay with the API,
 * which owns the schema: a job never migrates on start.
 */
export function jobDatabaseEnvironment(
  database: DatabaseEndpoint,
  poolMax: number,
  caBundlePath: string,
): Record<string, string> {
  return {
    ...databaseEnvironment(database, poolMax),
    ...certificateEnvironment(database, caBundlePath),
    [ENV.migrateOnStart]: 'false',
  };
}
