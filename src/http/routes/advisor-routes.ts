import type { Hono } from 'hono';
import type { AppEnv } from '../app-env.js';
import { route } from '../route.js';
import { adviceSchema, advisorQuerySchema, workloadBodySchema } from '../schemas/advisor-schemas.js';
import { json, problemResponses } from '../schemas/common-schemas.js';

/**
 * POST /advisor: the CLI's `advise` over HTTP. No auth: it is a calculator over the caller's own numbers
 * and reads no shop data. The model is imported on first use, so API cold starts do not compile it.
 */
export function registerAdvisorRoutes(app: Hono<AppEnv>): void {
  route(
    app,
    {
      method: 'post',
      path: '/advisor',
      operationId: 'getAdvice',
      tags: ['advisor'],
      security: [],
      summary: 'Recommend AWS services for a workload, with every option priced',
      description:
        'Same input and output as `npm run advise -- --workload <file> --format json`. Public: no token needed.',
      request: { query: advisorQuerySchema, body: { required: true, content: json(workloadBodySchema) } },
      responses: {
        200: { description: 'The advice.', content: json(adviceSchema) },
        ...problemResponses(400, 413, 415),
      },
    },
    async (c) => {
      const workload = c.req.valid('json');
      const curves = c.req.valid('query').curves === 'true';
      const [{ advise }, { apiCostCurves, jobCostCurves }, { DEFAULT_PRICES: prices }] = await Promise.all([
        import('../../advisor/advise.js'),
        import('../../advisor/cost-curves.js'),
        import('../../advisor/price-table.js'),
      ]);
      const advice = advise(workload, prices);
      if (!curves) return c.json(advice, 200);
      return c.json(
        {
          ...advice,
          curves: {
            ...(workload.api && { api: apiCostCurves(workload.api, prices) }),
            ...(workload.jobs && {
              jobs: workload.jobs.map((job) => ({ name: job.name, ...jobCostCurves(job, prices) })),
            }),
          },
        },
        200,
      );
    },
  );
}
