import type { Hono } from 'hono';
import type { AppEnv } from '../app-env.js';
import { requireRole } from '../middleware/auth.js';
import { route } from '../route.js';
import {
  discountCodeBodySchema,
  discountCodePageSchema,
  discountCodeParamsSchema,
  discountCodeResponseSchema,
} from '../schemas/checkout-settings-schemas.js';
import { bearerSecurity, json, problemResponses } from '../schemas/common-schemas.js';
import {
  type CheckoutSettingsRouteDeps,
  createdOrReplaced,
  putResponses,
  registerAdminSettingRoutes,
} from './checkout-settings-routes.js';

export function registerDiscountCodeRoutes(
  app: Hono<AppEnv>,
  { checkoutSettings }: CheckoutSettingsRouteDeps,
) {
  route(
    app,
    {
      method: 'put',
      path: '/discount-codes/{code}',
      operationId: 'replaceDiscountCode',
      tags: ['discounts'],
      summary: 'Create or replace a discount code (admin)',
      description:
        'Codes are case-insensitive and kept upper case. A replace keeps the redemptions counted so far; a `maxRedemptions` below them is a 409 naming it.',
      security: bearerSecurity,
      middleware: [requireRole('admin')] as const,
      request: {
        params: discountCodeParamsSchema,
        body: { required: true, content: json(discountCodeBodySchema) },
      },
      responses: {
        ...putResponses(discountCodeResponseSchema),
        ...problemResponses(400, 401, 403, 409, 413, 415),
      },
    },
    async (c) => {
      const { code } = c.req.valid('param');
      const { discountCode, created } = await checkoutSettings.putDiscountCode(code, c.req.valid('json'));
      return createdOrReplaced(c, discountCode, created, `/discount-codes/${discountCode.code}`);
    },
  );

  registerAdminSettingRoutes(app, {
    collection: '/discount-codes',
    key: 'code',
    params: discountCodeParamsSchema,
    tag: 'discounts',
    noun: 'discount code',
    schema: discountCodeResponseSchema,
    operationIds: { get: 'getDiscountCode', delete: 'deleteDiscountCode', list: 'listDiscountCodes' },
    get: ({ code }) => checkoutSettings.getDiscountCode(code),
    remove: ({ code }) => checkoutSettings.deleteDiscountCode(code),
    list: {
      summary: 'List discount codes, by code (admin)',
      pageSchema: discountCodePageSchema,
      page: (query) => checkoutSettings.listDiscountCodes(query),
    },
  });
}
