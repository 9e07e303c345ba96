import { createSignedJobFileLinks } from '../adapters/files/signed-job-file-links.js';
import { createJobFileService, type JobFileService } from '../app/jobs/job-files.js';
import type { JobService } from '../app/jobs/job-service.js';
import type { Clock } from '../app/ports/clock.js';
import type { FileStore } from '../app/ports/file-store.js';
import type { JobFileLinks, SignedJobFileLinks } from '../app/ports/job-file-links.js';
import type { JobConfig } from '../config/config.js';
import { createJobFileStore } from './job-files.js';
import { loadedOnFirstCall } from './loaded-on-first-call.js';

export interface JobFileTransfers {
  service: JobFileService;
  /** Where jobs live in DATA_DIR/jobs: the links this server signs, and the files they reach. */
  signed?: { links: SignedJobFileLinks; files: FileStore };
}

/**
 * Upload and download links for job files: signed by this server into the jobs folder where local runners
 * run jobs (`npm start`, a container without AWS runners), presigned on the jobs bucket otherwise. Loaded
 * on first use (lazy-job-files.ts): neither the file stores nor the S3 presigner is read at a cold start.
 */
export function createJobFileTransfers(config: JobConfig, jobs: JobService, clock: Clock): JobFileTransfers {
  const files = createJobFileStore(config, 'jobs');
  const bucket = config.jobs?.bucket;
  if (config.jobs?.local !== undefined || bucket === undefined) {
    const links = createSignedJobFileLinks({ clock });
    return { service: createJobFileService({ jobs, files, links }), signed: { links, files } };
  }
  return { service: createJobFileService({ jobs, files, links: lazyS3Links(config, bucket, clock) }) };
}

function lazyS3Links(config: JobConfig, bucket: string, clock: Clock): JobFileLinks {
  return loadedOnFirstCall<JobFileLinks>(
    () =>
      Promise.all([import('../adapters/s3/client.js'), import('../adapters/s3/job-file-links.js')]).then(
        ([{ createS3Client }, { createS3JobFileLinks }]) =>
          createS3JobFileLinks({
            client: createS3Client({ region: config.region, endpoint: config.s3Endpoint }),
            bucket,
            clock,
          }),
      ),
    ['upload', 'download'],
  );
}
