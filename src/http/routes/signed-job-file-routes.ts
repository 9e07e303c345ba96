import type { Hono } from 'hono';
import {
  SIGNED_DOWNLOAD_PATH,
  SIGNED_UPLOAD_PATH,
  type SignedJobFiles,
} from '../../app/ports/job-file-links.js';
import type { AppEnv } from '../app-env.js';

/**
 * The other end of the local server's job file links, what S3 is for presigned URLs on AWS: PUT an upload's
 * bytes into `DATA_DIR/jobs`, GET a job's file from there. The signed token in the path is the only
 * credential, as a presigned URL's signature is. Like S3's URLs they are link targets, not operations of
 * the OpenAPI document: a client only ever follows the URL it was given. Their handlers load on first use.
 */
export function registerSignedJobFileRoutes(app: Hono<AppEnv>, deps: SignedJobFiles): void {
  const handlers = () => import('./signed-job-file-handlers.js');
  app.put(`${SIGNED_UPLOAD_PATH}:token`, async (c) => (await handlers()).receiveUpload(c, deps));
  app.get(`${SIGNED_DOWNLOAD_PATH}:token`, async (c) => (await handlers()).serveDownload(c, deps));
}
