import { PassThrough, type Readable } from 'node:stream';
import { GetObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { FileStore, FileWriter } from '../../app/ports/file-store.js';
import { NotFoundError, UnavailableError } from '../../domain/shared/errors.js';
import { hasNetworkErrorCode } from '../shared/network-errors.js';

/** `s3://bucket/key` split into its parts. */
export function parseS3Location(location: string): { bucket: string; key: string } {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(location);
  if (match === null) throw new Error(`Not an s3:// location: ${location}`);
  return { bucket: match[1] as string, key: match[2] as string };
}

// Multipart parts of 8 MB, two uploading at a time: memory stays at a few parts whatever the file size.
const PART_BYTES = 8 * 1024 * 1024;
const QUEUE_SIZE = 2;

/**
 * Job files in S3: reads stream the object's body (ranged GETs for samples), writes are multipart uploads
 * that become visible only when complete (S3 never shows a partial object), so an interrupted export or
 * report leaves nothing half-written behind.
 */
export function createS3FileStore(client: S3Client): FileStore {
  return {
    async size(location) {
      const { bucket, key } = parseS3Location(location);
      try {
        const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        return head.ContentLength ?? 0;
      } catch (error) {
        throw toFileFailure(location, error);
      }
    },

    async *read(location, range = {}) {
      const { bucket, key } = parseS3Location(location);
      const start = range.start ?? 0;
      const header =
        range.start === undefined && range.end === undefined
          ? undefined
          : `bytes=${start}-${range.end === undefined ? '' : range.end - 1}`;
      let body: Readable;
      try {
        const output = await client.send(
          new GetObjectCommand({ Bucket: bucket, Key: key, ...(header ? { Range: header } : {}) }),
        );
        body = output.Body as Readable;
      } catch (error) {
        throw toFileFailure(location, error);
      }
      try {
        for await (const chunk of body) yield chunk as Uint8Array;
      } finally {
        body.destroy();
      }
    },

    async createWriter(location, contentType) {
      const { bucket, key } = parseS3Location(location);
      const body = new PassThrough();
      const upload = new Upload({
        client,
        params: { Bucket: bucket, Key: key, Body: body, ContentType: contentType },
        partSize: PART_BYTES,
        queueSize: QUEUE_SIZE,
      });
      const done = upload.done();
      // Surfaced by close(); without this handler an early failure would be an unhandled rejection.
      done.catch(() => undefined);
      const writer: FileWriter = {
        async write(chunk) {
          if (!body.write(chunk)) {
            await Promise.race([new Promise((resolve) => body.once('drain', resolve)), done]);
          }
        },
        async close() {
          body.end();
          try {
            await done;
          } catch (error) {
            throw toFileFailure(location, error);
          }
        },
        async abort() {
          await upload.abort().catch(() => undefined);
          body.destroy();
        },
      };
      return writer;
    },
  };
}

function toFileFailure(location: string, error: unknown): Error {
  const name = (error as Error | undefined)?.name ?? '';
  if (name === 'NotFound' || name === 'NoSuchKey') return new NotFoundError(`No file at "${location}".`);
  if (hasNetworkErrorCode(error) || ['SlowDown', 'ServiceUnavailable', 'InternalError'].includes(name)) {
    return new UnavailableError('The file storage is busy or unreachable: retry in a moment.', {
      cause: error,
    });
  }
  return error as Error;
}
