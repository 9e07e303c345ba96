import type { Hono } from 'hono';
import type { OrderingService } from '../../app/ordering/ordering-service.js';
import type { AppEnv } from '../app-env.js';
import { requireRole } from '../middleware/auth.js';
import { inQuery } from '../respond.js';
import { route } from '../route.js';
import { bearerSecurity, json, problemResponses } from '../schemas/common-schemas.js';
import { salesReportQuerySchema, salesReportSchema } from '../schemas/report-schemas.js';

export function registerReportRoutes(app: Hono<AppEnv>, deps: { ordering: OrderingService }): void {
  route(
    app,
    {
      method: 'get',
      path: '/reports/sales',
      operationId: 'getSalesReport',
      tags: ['reports'],
      summary: 'Orders, units and revenue per day or product, per currency (admin)',
      security: bearerSecurity,
      middleware: [requireRole('admin')] as const,
      request: { query: salesReportQuerySchema },
      responses: {
        200: { description: 'The report over [from, to).', content: json(salesReportSchema) },
        ...problemResponses(400, 401, 403),
      },
    },
    async (c) => {
      const { from, to, groupBy } = c.req.valid('query');
      const report = await inQuery(() =>
        deps.ordering.salesReport({ from: new Date(from), to: new Date(to), groupBy }),
      );
      return c.json(report, 200, { 'cache-control': 'private, no-cache' });
    },
  );
}
