import type { FileStore } from './file-store.js';
import type { PresignedUpload } from './object-store.js';

/** A URL that works without a bearer token until `expiresAt` (an ISO date). */
export interface FileLink {
  url: string;
  expiresAt: string;
}

/**
 * Short-lived links to the jobs storage, so a browser or script moves a job's file without the API carrying
 * its bytes through Lambda: presigned S3 requests on the jobs bucket, or links to the local server's own
 * upload and download routes, signed by it, when jobs live in `DATA_DIR/jobs`. `location` is a job file's
 * location as a job names it (a path relative to the jobs storage, or `s3://<jobs bucket>/<key>`); `origin`
 * is where the request came in (the local links point back at it).
 *
 * @example
 * const put = await links.upload('uploads/Ab3…/catalog.csv', { size: 1024, contentType: 'text/csv' }, origin);
 * // then: PUT put.url with put.headers and the 1,024 bytes
 * const get = await links.download('uploads/Ab3…/catalog.csv.rejected.jsonl', 'rejected.jsonl', origin);
 */
export interface JobFileLinks {
  upload(
    location: string,
    file: { size: number; contentType: string },
    origin: string,
  ): Promise<PresignedUpload & { expiresAt: string }>;
  /** `fileName` is what the browser saves it as. */
  download(location: string, fileName: string, origin: string): Promise<FileLink>;
}

/** How long a link works: time for a large upload on a slow line, short enough that a leaked one dies soon. */
export const JOB_FILE_LINK_SECONDS = 15 * 60;

/** What a local link lets its holder do: PUT exactly these bytes at `location`, or GET what is there. */
export type SignedFileClaim =
  | { action: 'put'; location: string; size: number; contentType: string; expiresAt: number }
  | { action: 'get'; location: string; fileName: string; expiresAt: number };

/** The local server's own upload and download links, and the check its routes make on them. */
export interface SignedJobFileLinks extends JobFileLinks {
  /** The claim a token carries; a ForbiddenError when it was not signed here, is damaged or has expired. */
  verify<A extends SignedFileClaim['action']>(
    token: string,
    action: A,
  ): Extract<SignedFileClaim, { action: A }>;
}

/** The links this server signs and the files they reach, loaded on the first request that needs them. */
export interface SignedJobFiles {
  open(): Promise<{ links: SignedJobFileLinks; files: FileStore }>;
}

/** Where the local links point: the routes that take an upload's bytes and serve a job's file. */
export const SIGNED_UPLOAD_PATH = '/jobs/uploads/';
export const SIGNED_DOWNLOAD_PATH = '/jobs/downloads/';
