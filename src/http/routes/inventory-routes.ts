import type { Hono } from 'hono';
import type { AppEnv } from '../app-env.js';
import { requireRole } from '../middleware/auth.js';
import { idempotentPerPath } from '../middleware/idempotency.js';
import { route } from '../route.js';
import {
  bearerSecurity,
  idempotencyHeaderSchema,
  idempotentResponses,
  json,
  jsonResponse,
  optionalBearerSecurity,
  problemResponses,
} from '../schemas/common-schemas.js';
import {
  inventoryAdjustmentBodySchema,
  inventoryLevelSchema,
  inventoryParamsSchema,
  setInventoryBodySchema,
} from '../schemas/inventory-schemas.js';
import type { OrderingRouteDeps } from './ordering-route-deps.js';

export function registerInventoryRoutes(app: Hono<AppEnv>, deps: OrderingRouteDeps): void {
  const { ordering } = deps;
  const admin = requireRole('admin');
  const level = jsonResponse(inventoryLevelSchema);

  route(
    app,
    {
      method: 'get',
      path: '/inventory/{productId}',
      operationId: 'getInventory',
      tags: ['inventory'],
      summary: 'Units available of a product',
      description:
        'Public, like the product itself: anyone may see the stock of an active product, admins of any product. A product never stocked has 0.',
      security: optionalBearerSecurity,
      request: { params: inventoryParamsSchema },
      responses: { 200: level('The stock.'), ...problemResponses(400, 401, 404) },
    },
    async (c) => {
      const found = await ordering.getInventory(c.get('principal'), c.req.valid('param').productId);
      // Stock moves with every order: a cache may keep it, but must ask again each time.
      return c.json(found, 200, { 'cache-control': 'no-cache' });
    },
  );

  route(
    app,
    {
      method: 'put',
      path: '/inventory/{productId}',
      operationId: 'setInventory',
      tags: ['inventory'],
      summary: 'Set the units available (admin)',
      security: bearerSecurity,
      middleware: [admin] as const,
      request: {
        params: inventoryParamsSchema,
        body: { required: true, content: json(setInventoryBodySchema) },
      },
      responses: { 200: level('Set.'), ...problemResponses(400, 401, 403, 404, 413, 415) },
    },
    async (c) => {
      const { productId } = c.req.valid('param');
      return c.json(await ordering.setInventory(productId, c.req.valid('json').available), 200);
    },
  );

  route(
    app,
    {
      method: 'post',
      path: '/inventory/{productId}/adjustments',
      operationId: 'adjustInventory',
      tags: ['inventory'],
      summary: 'Add or remove units, with a reason (admin)',
      description: 'Not idempotent by nature: send an Idempotency-Key so a retry cannot count twice.',
      security: bearerSecurity,
      middleware: [admin, idempotentPerPath(deps.idempotency, deps.logger)] as const,
      request: {
        params: inventoryParamsSchema,
        headers: idempotencyHeaderSchema,
        body: { required: true, content: json(inventoryAdjustmentBodySchema) },
      },
      responses: idempotentResponses({
        200: level('Adjusted.'),
        ...problemResponses(400, 401, 403, 404, 409, 413, 415, 422),
      }),
    },
    async (c) => {
      const { productId } = c.req.valid('param');
      return c.json(await ordering.adjustInventory(productId, c.req.valid('json')), 200);
    },
  );
}
