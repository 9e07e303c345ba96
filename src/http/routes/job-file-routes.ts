import type { Hono } from 'hono';
import type { JobFileService } from '../../app/jobs/job-files.js';
import type { AppEnv } from '../app-env.js';
import { requireRole } from '../middleware/auth.js';
import { route } from '../route.js';
import { bearerSecurity, json, problemResponses } from '../schemas/common-schemas.js';
import {
  jobFileDownloadSchema,
  jobFileParamsSchema,
  jobFileUploadBodySchema,
  jobFileUploadSchema,
} from '../schemas/job-file-schemas.js';

/** Where a request came in: the local server's links point back at it. */
export const originOf = (url: string) => new URL(url).origin;

export function registerJobFileRoutes(app: Hono<AppEnv>, deps: { jobFiles: JobFileService }): void {
  const { jobFiles } = deps;
  const admin = requireRole('admin');

  route(
    app,
    {
      method: 'post',
      path: '/jobs/files',
      operationId: 'createJobFileUpload',
      tags: ['jobs'],
      summary: 'Upload a job’s input file (admin): a location and a link to PUT it to',
      description:
        'Gives the file a location of its own under `uploads/` and a link valid for 15 minutes: PUT exactly `size` bytes ' +
        'to `upload.url` with `upload.headers` and no bearer token (a presigned S3 URL to the jobs bucket on AWS; ' +
        'locally this server’s own link into `DATA_DIR/jobs`). Then start the job with the location, e.g. ' +
        '`POST /jobs {"type":"import-catalog","args":{"file":"<location>"}}`. Nothing is stored until the PUT.',
      security: bearerSecurity,
      middleware: [admin] as const,
      request: { body: { required: true, content: json(jobFileUploadBodySchema) } },
      responses: {
        201: { description: 'Where to send it.', content: json(jobFileUploadSchema) },
        ...problemResponses(400, 401, 403, 413, 415),
      },
    },
    async (c) => {
      const upload = await jobFiles.startUpload(c.req.valid('json'), originOf(c.req.url));
      return c.json(upload, 201, { 'cache-control': 'no-store' });
    },
  );

  route(
    app,
    {
      method: 'get',
      path: '/jobs/{id}/files/{file}',
      operationId: 'getJobFileLink',
      tags: ['jobs'],
      summary: 'A link to download a job’s report or output (admin)',
      description:
        'A link valid for 15 minutes that needs no bearer token (a presigned S3 URL on AWS; locally this server’s own), ' +
        'so a browser can open it. 404 while the job has no such file, or has not finished writing it.',
      security: bearerSecurity,
      middleware: [admin] as const,
      request: { params: jobFileParamsSchema },
      responses: {
        200: { description: 'The file and its link.', content: json(jobFileDownloadSchema) },
        ...problemResponses(400, 401, 403, 404),
      },
    },
    async (c) => {
      const { id, file } = c.req.valid('param');
      const link = await jobFiles.downloadLink(id, file, originOf(c.req.url));
      return c.json(link, 200, { 'cache-control': 'no-store' });
    },
  );
}
