import { join, resolve } from 'node:path';
import { createRoutingFileStore } from '../adapters/files/file-store.js';
import { createJobsFolderStore } from '../adapters/files/jobs-folder-store.js';
import { createLocalFileStore } from '../adapters/files/local-file-store.js';
import type { FileStore } from '../app/ports/file-store.js';
import type { JobConfig } from '../config/config.js';

/**
 * Which files a run may use:
 * - `jobs` (the default): what a job started through the API may name, on every runtime that runs one (the
 *   API estimating it, a local child, the jobs Lambda, Batch): paths inside `DATA_DIR/jobs/` (local runners
 *   only) and `s3://<JOBS_BUCKET>/...`;
 * - `anywhere`: `npm run job` in the user's own shell: any path, any bucket their credentials reach.
 */
export type JobFileAccess = 'jobs' | 'anywhere';

/** The files a job run (or its estimate) reads and writes, local or in S3 by the path's form. */
export function createJobFileStore(config: JobConfig, access: JobFileAccess): FileStore {
  const s3 = lazyS3FileStore(config);
  if (access === 'anywhere')
    return createRoutingFileStore({ local: createLocalFileStore(), s3, buckets: 'any' });
  const local = config.jobs?.local;
  return createRoutingFileStore({
    ...(local === undefined ? {} : { local: createJobsFolderStore(jobsFolder(local.dataDir)) }),
    s3,
    buckets: config.jobs?.bucket === undefined ? [] : [config.jobs.bucket],
  });
}

/** The folder local job files named through the API live in: `DATA_DIR/jobs`. */
export function jobsFolder(dataDir: string): string {
  return join(resolve(dataDir), 'jobs');
}

function lazyS3FileStore(config: JobConfig): () => Promise<FileStore> {
  let store: Promise<FileStore> | undefined;
  return () => {
    store ??= Promise.all([
      import('../adapters/s3/client.js'),
      import('../adapters/s3/s3-file-store.js'),
    ]).then(([{ createS3Client }, { createS3FileStore }]) =>
      createS3FileStore(createS3Client({ region: config.region, endpoint: config.s3Endpoint })),
    );
    return store;
  };
}
