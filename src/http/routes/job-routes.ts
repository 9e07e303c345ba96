import type { Hono } from 'hono';
import type { JobService } from '../../app/jobs/job-service.js';
import type { IdempotencyStore } from '../../app/ports/idempotency-store.js';
import type { Logger } from '../../app/ports/logger.js';
import type { AppEnv } from '../app-env.js';
import { requireRole } from '../middleware/auth.js';
import { idempotent } from '../middleware/idempotency.js';
import { inQuery } from '../respond.js';
import { route } from '../route.js';
import {
  bearerSecurity,
  idempotencyHeaderSchema,
  idempotentResponses,
  idParamsSchema,
  json,
  locationHeader,
  problemResponses,
} from '../schemas/common-schemas.js';
import {
  jobListQuerySchema,
  jobPageSchema,
  jobSchema,
  jobSubmitBodySchema,
  jobSubmittedSchema,
} from '../schemas/job-schemas.js';

export interface JobRouteDeps {
  jobs: JobService;
  idempotency: IdempotencyStore;
  logger: Logger;
}

export function registerJobRoutes(app: Hono<AppEnv>, deps: JobRouteDeps): void {
  const { jobs } = deps;
  const admin = requireRole('admin');

  route(
    app,
    {
      method: 'post',
      path: '/jobs',
      operationId: 'startJob',
      tags: ['jobs'],
      summary: 'Start a job (admin)',
      description:
        'Validates the args with the job’s own schema, estimates its duration, and starts it: on Lambda ' +
        '(asynchronously) when estimated at up to 10 minutes, else on AWS Batch; locally in a child process. ' +
        'Poll `Location` for progress and the summary. Locally, jobs beyond `JOBS_MAX_PROCESSES` wait `queued`; ' +
        'with 100 waiting, 503.',
      security: bearerSecurity,
      middleware: [admin, idempotent(deps.idempotency, 'POST /jobs', deps.logger)] as const,
      request: {
        headers: idempotencyHeaderSchema,
        body: { required: true, content: json(jobSubmitBodySchema) },
      },
      responses: idempotentResponses({
        202: { description: 'Queued.', headers: locationHeader, content: json(jobSubmittedSchema) },
        ...problemResponses(400, 401, 403, 409, 413, 415, 422, 503),
      }),
    },
    async (c) => {
      const submitted = await jobs.submit(c.req.valid('json'));
      return c.json(submitted, 202, { location: `/jobs/${submitted.id}` });
    },
  );

  route(
    app,
    {
      method: 'get',
      path: '/jobs/{id}',
      operationId: 'getJob',
      tags: ['jobs'],
      summary: 'A job’s status, progress and summary (admin)',
      security: bearerSecurity,
      middleware: [admin] as const,
      request: { params: idParamsSchema },
      responses: {
        200: { description: 'The job as it stands.', content: json(jobSchema) },
        ...problemResponses(400, 401, 403, 404),
      },
    },
    async (c) => {
      const job = await jobs.get(c.req.valid('param').id);
      // It changes while it runs: a cached answer would show a job stuck where it was.
      return c.json(job, 200, { 'cache-control': 'no-store' });
    },
  );

  route(
    app,
    {
      method: 'get',
      path: '/jobs',
      operationId: 'listJobs',
      tags: ['jobs'],
      summary: 'Jobs, newest first (admin)',
      description: 'Cursor-paginated; a page is short only at the end.',
      security: bearerSecurity,
      middleware: [admin] as const,
      request: { query: jobListQuerySchema },
      responses: {
        200: { description: 'One page.', content: json(jobPageSchema) },
        ...problemResponses(400, 401, 403),
      },
    },
    async (c) => {
      const page = await inQuery(() => jobs.list(c.req.valid('query')));
      return c.json(page, 200, { 'cache-control': 'no-store' });
    },
  );
}
