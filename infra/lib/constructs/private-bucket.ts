import {
  BlockPublicAccess,
  BucketEncryption,
  type BucketProps,
  type CorsRule,
  HttpMethods,
} from 'aws-cdk-lib/aws-s3';

/**
 * What every bucket of this app starts from: no public access, TLS only, SSE-S3 (ALB log delivery accepts
 * nothing else, and the images need no customer-managed key).
 */
export const PRIVATE_BUCKET = {
  blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
  enforceSSL: true,
  encryption: BucketEncryption.S3_MANAGED,
} as const satisfies BucketProps;

/**
 * Browsers PUT presigned uploads straight to a bucket (product images, job files), from any origin. The
 * URL's signature is the whole authority (this type, this length, this key, for 15 minutes): S3 requests
 * made with it carry no cookie or other ambient credential for CORS to guard, and anyone holding the URL can
 * send it with curl anyway. Naming origins would add no protection, and could not name the admin console's
 * CloudFront domain, which is made in the API stack, after (and depending on) the data stack that holds the
 * buckets. Only PUT: nothing is read cross-origin, downloads are navigations.
 */
export const PRESIGNED_UPLOADS_CORS: CorsRule[] = [
  {
    allowedMethods: [HttpMethods.PUT],
    allowedOrigins: ['*'],
    // The presigned request's signed headers (Content-Type, Content-Length) and any x-amz-*.
    allowedHeaders: ['*'],
    maxAge: 3600,
  },
];
