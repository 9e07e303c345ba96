import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { PresignedUpload } from '../../app/ports/object-store.js';
import { attachment } from '../../domain/shared/attachment.js';

/** A PUT of exactly `contentLength` bytes of `contentType` to the key, valid for `expiresInSeconds`. */
export async function presignPut(
  client: S3Client,
  bucket: string,
  key: string,
  options: { contentType: string; contentLength: number; expiresInSeconds: number },
): Promise<PresignedUpload> {
  const command = new PutObjectCommand({
    Bucket: bucket,
    Key: key,
    ContentType: options.contentType,
    ContentLength: options.contentLength,
  });
  // Signing content-type and content-length makes S3 refuse any other type or size with this URL.
  const url = await getSignedUrl(client, command, {
    expiresIn: options.expiresInSeconds,
    signableHeaders: new Set(['content-type', 'content-length']),
  });
  return { url, method: 'PUT', headers: { 'content-type': options.contentType } };
}

/** A GET of the key that a browser saves as `fileName` (an attachment), valid for `expiresInSeconds`. */
export function presignGet(
  client: S3Client,
  bucket: string,
  key: string,
  options: { fileName: string; expiresInSeconds: number },
): Promise<string> {
  const command = new GetObjectCommand({
    Bucket: bucket,
    Key: key,
    ResponseContentDisposition: attachment(options.fileName),
  });
  return getSignedUrl(client, command, { expiresIn: options.expiresInSeconds });
}
