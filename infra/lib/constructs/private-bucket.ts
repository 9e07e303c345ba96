import { BlockPublicAccess, BucketEncryption, type BucketProps } from 'aws-cdk-lib/aws-s3';

/**
 * What every bucket of this app starts from: no public access, TLS only, SSE-S3 (ALB log delivery accepts
 * nothing else, and the images need no customer-managed key).
 */
export const PRIVATE_BUCKET = {
  blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
  enforceSSL: true,
  encryption: BucketEncryption.S3_MANAGED,
} as const satisfies BucketProps;
