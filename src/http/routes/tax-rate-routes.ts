import type { Hono } from 'hono';
import type { AppEnv } from '../app-env.js';
import { requireRole } from '../middleware/auth.js';
import { route } from '../route.js';
import {
  taxRatesBodySchema,
  taxRatesPageSchema,
  taxRatesParamsSchema,
  taxRatesSchema,
} from '../schemas/checkout-settings-schemas.js';
import { bearerSecurity, json, jsonResponse, problemResponses } from '../schemas/common-schemas.js';
import { type CheckoutSettingsRouteDeps, registerAdminSettingRoutes } from './checkout-settings-routes.js';

export function registerTaxRateRoutes(app: Hono<AppEnv>, { checkoutSettings }: CheckoutSettingsRouteDeps) {
  route(
    app,
    {
      method: 'put',
      path: '/tax-rates/{country}',
      operationId: 'setTaxRates',
      tags: ['tax'],
      summary: "Set a country's VAT rates per tax class (admin)",
      description: 'Creates or replaces them; 200 either way.',
      security: bearerSecurity,
      middleware: [requireRole('admin')] as const,
      request: {
        params: taxRatesParamsSchema,
        body: { required: true, content: json(taxRatesBodySchema) },
      },
      responses: { 200: jsonResponse(taxRatesSchema)('Set.'), ...problemResponses(400, 401, 403, 413, 415) },
    },
    async (c) => {
      const rates = await checkoutSettings.setTaxRates(c.req.valid('param').country, c.req.valid('json'));
      return c.json(rates, 200);
    },
  );

  registerAdminSettingRoutes(app, {
    collection: '/tax-rates',
    key: 'country',
    params: taxRatesParamsSchema,
    tag: 'tax',
    noun: 'VAT rates of a country',
    schema: taxRatesSchema,
    operationIds: { get: 'getTaxRates', delete: 'deleteTaxRates', list: 'listTaxRates' },
    get: ({ country }) => checkoutSettings.getTaxRates(country),
    remove: ({ country }) => checkoutSettings.deleteTaxRates(country),
    list: {
      summary: 'VAT rates of every country, by country code (admin)',
      pageSchema: taxRatesPageSchema,
      page: (query) => checkoutSettings.listTaxRates(query),
    },
  });
}
