/*
 * How the admin console's files are served, wherever they are: the container and `npm start` (admin-site.ts)
 * and CloudFront on AWS (infra/lib/constructs/admin-console.ts) send the same policy and cache headers.
 * No runtime imports: the CDK app reads this file.
 */

/** Hashed file names: a file never changes under its name, so browsers may keep it for a year. */
export const ADMIN_ASSET_CACHE = 'public, max-age=31536000, immutable';

/**
 * Everything the console loads comes from this app: its own scripts and styles (no inline code), the API
 * (same origin), images from here or data: URLs, plus the product images' origins (a CDN or the local S3);
 * it sends bytes only to the API and to the image storage its presigned upload URLs point at.
 */
export function adminPageCsp(
  imageOrigins: readonly string[] = [],
  uploadOrigins: readonly string[] = [],
): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    ['connect-src', "'self'", ...uploadOrigins].join(' '),
    ['img-src', "'self'", 'data:', ...imageOrigins].join(' '),
    "object-src 'none'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}
