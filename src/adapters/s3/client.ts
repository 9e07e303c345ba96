import { S3Client } from '@aws-sdk/client-s3';
import { traceAwsCalls } from '../../observability/xray-aws-sdk.js';

export interface S3ClientOptions {
  region: string;
  /** Only for the local S3 stand-in; absent = the regional AWS endpoint. */
  endpoint?: string;
}

// s3rver knows one key pair (its documented default); it checks the key id, never the signature.
const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The one S3 client of the image adapters. A custom endpoint is addressed by path (`host/bucket/key`: a
 * loopback stand-in has no per-bucket DNS names). Checksums only when an operation requires one: the local
 * stand-in stores aws-chunked bodies with their trailing checksum otherwise, and a presigned PUT would
 * demand a checksum header the browser cannot compute. A loopback stand-in checks no signatures but the SDK
 * refuses to sign without credentials, so it gets s3rver's fixed local pair and real credentials are never sent to it.
 */
export function createS3Client(options: S3ClientOptions): S3Client {
  const local = options.endpoint !== undefined && LOOPBACK_HOSTS.has(new URL(options.endpoint).hostname);
  // One X-Ray subsegment per call when the Lambda invocation is sampled (ADR 0008).
  return traceAwsCalls(
    new S3Client({
      region: options.region,
      ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint, forcePathStyle: true }),
      ...(local ? { credentials: LOCAL_CREDENTIALS } : {}),
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      maxAttempts: 3,
    }),
    'S3',
  );
}
