import type { Hono } from 'hono';
import { UnprocessableError } from '../../domain/shared/errors.js';
import type { AppEnv } from '../app-env.js';
import { requireRole } from '../middleware/auth.js';
import { route } from '../route.js';
import {
  shippingMethodBodySchema,
  shippingMethodListQuerySchema,
  shippingMethodListSchema,
  shippingMethodParamsSchema,
  shippingMethodSchema,
} from '../schemas/checkout-settings-schemas.js';
import { bearerSecurity, json, optionalBearerSecurity, problemResponses } from '../schemas/common-schemas.js';
import {
  type CheckoutSettingsRouteDeps,
  createdOrReplaced,
  PRIVATE,
  putResponses,
  registerAdminSettingRoutes,
} from './checkout-settings-routes.js';

export function registerShippingMethodRoutes(
  app: Hono<AppEnv>,
  { checkoutSettings }: CheckoutSettingsRouteDeps,
) {
  route(
    app,
    {
      method: 'get',
      path: '/shipping-methods',
      operationId: 'listShippingMethods',
      tags: ['shipping'],
      summary: 'The shipping methods for a country, priced for a cart',
      description:
        'With `country`: the active methods that ship there. Without: admins get every method (inactive ones too), others the active ones. With `cartId`, `price` is what shipping costs for that cart. One page: a shop has at most 500 methods, so `nextCursor` is always null.',
      security: optionalBearerSecurity,
      request: { query: shippingMethodListQuerySchema },
      responses: {
        200: { description: 'Every matching method, by id.', content: json(shippingMethodListSchema) },
        ...problemResponses(400, 401, 422),
      },
    },
    async (c) => {
      const page = await checkoutSettings
        .listShippingMethods(c.get('principal'), c.req.valid('query'))
        .catch((error: unknown) => {
          // The cart is named in the query.
          if (!(error instanceof UnprocessableError)) throw error;
          throw new UnprocessableError(
            error.message,
            error.errors.map((e) => ({ ...e, path: `query.${e.path}` })),
          );
        });
      return c.json(page, 200, PRIVATE);
    },
  );

  route(
    app,
    {
      method: 'put',
      path: '/shipping-methods/{id}',
      operationId: 'replaceShippingMethod',
      tags: ['shipping'],
      summary: 'Create or replace a shipping method under a chosen id (admin)',
      security: bearerSecurity,
      middleware: [requireRole('admin')] as const,
      request: {
        params: shippingMethodParamsSchema,
        body: { required: true, content: json(shippingMethodBodySchema) },
      },
      // 409: a new method beyond the 500 a shop may have.
      responses: { ...putResponses(shippingMethodSchema), ...problemResponses(400, 401, 403, 409, 413, 415) },
    },
    async (c) => {
      const { id } = c.req.valid('param');
      const { method, created } = await checkoutSettings.putShippingMethod(id, c.req.valid('json'));
      return createdOrReplaced(c, method, created, `/shipping-methods/${id}`);
    },
  );

  registerAdminSettingRoutes(app, {
    collection: '/shipping-methods',
    key: 'id',
    params: shippingMethodParamsSchema,
    tag: 'shipping',
    noun: 'shipping method',
    schema: shippingMethodSchema,
    operationIds: { get: 'getShippingMethod', delete: 'deleteShippingMethod' },
    get: ({ id }) => checkoutSettings.getShippingMethod(id),
    remove: ({ id }) => checkoutSettings.deleteShippingMethod(id),
  });
}
