import {
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { ObjectStore } from '../../app/ports/object-store.js';
import { publicObjectUrl } from '../../domain/media/image.js';
import { UnavailableError } from '../../domain/shared/errors.js';
import { hasNetworkErrorCode } from '../shared/network-errors.js';
import { presignPut } from './presign.js';

export interface S3ObjectStoreOptions {
  client: S3Client;
  bucket: string;
  /** Prefix of public object URLs (a CDN, or the local S3 endpoint + bucket), without a trailing slash. */
  publicBaseUrl: string;
}

/** S3 failed in a way a retry will not fix (missing bucket, permissions); the SDK error is the cause. */
export class ObjectStoreError extends Error {
  constructor(message: string, options: { cause: unknown }) {
    super(message, options);
    this.name = 'ObjectStoreError';
  }
}

const DELETE_BATCH = 1000; // DeleteObjects' limit per request

export function createS3ObjectStore(options: S3ObjectStoreOptions): ObjectStore {
  const { client, bucket } = options;
  const send = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw toObjectStoreFailure(what, error);
    }
  };

  return {
    presignPut: (key, options) => presignPut(client, bucket, key, options),

    async get(key) {
      try {
        const output = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        if (output.Body === undefined) return undefined;
        return {
          bytes: await output.Body.transformToByteArray(),
          etag: unquote(output.ETag ?? ''),
          ...(output.ContentType === undefined ? {} : { contentType: output.ContentType }),
        };
      } catch (error) {
        if (error instanceof NoSuchKey || (error as Error).name === 'NoSuchKey') return undefined;
        throw toObjectStoreFailure(`get ${key}`, error);
      }
    },

    async etagOf(key) {
      try {
        const output = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        return output.ETag === undefined ? undefined : unquote(output.ETag);
      } catch (error) {
        // HEAD has no body, so S3 says only "NotFound" (404), never NoSuchKey.
        if ((error as Error).name === 'NotFound' || (error as Error).name === 'NoSuchKey') return undefined;
        throw toObjectStoreFailure(`head ${key}`, error);
      }
    },

    async put(key, bytes, contentType) {
      await send(`put ${key}`, () =>
        client.send(
          new PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes, ContentType: contentType }),
        ),
      );
    },

    async list(prefix) {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await send(`list ${prefix}`, () =>
          client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token })),
        );
        for (const object of page.Contents ?? []) if (object.Key !== undefined) keys.push(object.Key);
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token !== undefined);
      return keys;
    },

    async delete(keys) {
      for (let start = 0; start < keys.length; start += DELETE_BATCH) {
        const batch = keys.slice(start, start + DELETE_BATCH);
        const output = await send('delete', () =>
          client.send(
            new DeleteObjectsCommand({
              Bucket: bucket,
              Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
            }),
          ),
        );
        if ((output.Errors ?? []).length > 0) {
          throw new ObjectStoreError(`S3 could not delete ${output.Errors?.length} objects`, {
            cause: output.Errors,
          });
        }
      }
    },

    publicUrl: (key) => publicObjectUrl(options.publicBaseUrl, key),
  };
}

const unquote = (etag: string): string => etag.replace(/^"|"$/g, '');

const TRANSIENT = new Set([
  'SlowDown',
  'ServiceUnavailable',
  'InternalError',
  'RequestTimeout',
  'TimeoutError',
]);

function toObjectStoreFailure(what: string, error: unknown): Error {
  const name = (error as Error | undefined)?.name ?? '';
  if (TRANSIENT.has(name) || hasNetworkErrorCode(error)) {
    return new UnavailableError('Image storage is busy or unreachable: retry in a moment.', {
      retryAfterSeconds: 1,
      cause: error,
    });
  }
  return new ObjectStoreError(`S3 ${what} failed`, { cause: error });
}
