import type { S3Client } from '@aws-sdk/client-s3';
import type { Clock } from '../../app/ports/clock.js';
import { JOB_FILE_LINK_SECONDS, type JobFileLinks } from '../../app/ports/job-file-links.js';
import { ValidationError } from '../../domain/shared/errors.js';
import { presignGet, presignPut } from './presign.js';

/**
 * Presigned PUTs and GETs on the jobs bucket: the bytes go between the browser and S3, never through the API.
 * A location is a key in the bucket, or `s3://<bucket>/<key>` naming the same bucket.
 *
 * @example
 * const links = createS3JobFileLinks({ client, bucket: 'slimshop-jobs', clock: systemClock });
 * await links.download('s3://slimshop-jobs/exports/catalog.csv', 'catalog.csv', origin); // { url: 'https://slimshop-jobs.s3…', … }
 */
export function createS3JobFileLinks(deps: { client: S3Client; bucket: string; clock: Clock }): JobFileLinks {
  const { client, bucket, clock } = deps;
  const prefix = `s3://${bucket}/`;
  const keyOf = (location: string) => {
    if (location.startsWith(prefix)) return location.slice(prefix.length);
    if (location.startsWith('s3://'))
      throw new ValidationError(`The job file "${location}" is not in the jobs bucket ${bucket}.`, [
        { path: 'location', message: `must be in s3://${bucket}/` },
      ]);
    return location;
  };
  const expiresAt = () => new Date(clock.now().getTime() + JOB_FILE_LINK_SECONDS * 1000).toISOString();

  return {
    async upload(location, { size, contentType }) {
      const upload = await presignPut(client, bucket, keyOf(location), {
        contentType,
        contentLength: size,
        expiresInSeconds: JOB_FILE_LINK_SECONDS,
      });
      return { ...upload, expiresAt: expiresAt() };
    },
    async download(location, fileName) {
      const url = await presignGet(client, bucket, keyOf(location), {
        fileName,
        expiresInSeconds: JOB_FILE_LINK_SECONDS,
      });
      return { url, expiresAt: expiresAt() };
    },
  };
}
