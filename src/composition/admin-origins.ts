import type { ImageStorageConfig } from '../config/config.js';

/**
 * Where the admin console (served by this app) shows product images from and uploads them to: the public
 * base URL's origin, and the origin presigned upload URLs point at (the local S3's endpoint, path-style;
 * the bucket's virtual-hosted regional endpoint on AWS, as the SDK presigns it).
 */
export function imageOriginsOf(images: ImageStorageConfig, region: string) {
  const upload = images.endpoint ?? `https://${images.bucket}.s3.${region}.amazonaws.com`;
  return {
    adminImageOrigins: [new URL(images.publicBaseUrl).origin],
    adminUploadOrigins: [new URL(upload).origin],
  };
}
