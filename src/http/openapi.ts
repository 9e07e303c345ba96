import type { Hono } from 'hono';
import type { AppEnv } from './app-env.js';
import { routeSpecs } from './route.js';

const DESCRIPTION = `The Slimshop API: catalog, carts, orders, inventory and sales reports.

- Money is \`{ "amount": <integer minor units>, "currency": "EUR" }\`; timestamps are ISO 8601 UTC.
- Errors are RFC 9457 \`application/problem+json\`; validation errors list \`errors[].path\`.
- Products and categories have a \`version\`, sent as a strong \`ETag\`. PATCH needs \`If-Match\` (428 without, 412 when stale).
- POST accepts \`Idempotency-Key\` (POST /orders requires it): retries with the same key and body get the first response again.
- Lists are cursor-paginated: \`{ "items": [...], "nextCursor": string | null }\`.
- Every response carries \`X-Request-Id\` (yours when it is 1-128 characters of \`A-Z a-z 0-9 . _ : -\`, else a new one) and security headers.
- A bearer token is verified wherever it is sent, public operations included: an invalid one is a 401 everywhere.
- Catalog and inventory writes, order status changes and sales reports need a bearer JWT with the \`admin\` role (\`roles\` or \`cognito:groups\` claim);
  carts and orders need the \`customer\` (or \`admin\`) role, and \`sub\` is the owner.`;

// No licence has been granted for this code: all rights reserved. `LicenseRef-` is SPDX's form for a licence
// that has no SPDX identifier; change both when the project chooses one.
const LICENSE = { name: 'Proprietary: all rights reserved', identifier: 'LicenseRef-Slimshop-Proprietary' };

const SERVERS = [
  { url: 'http://localhost:3000', description: '`npm start`' },
  {
    url: 'https://{apiId}.execute-api.{region}.amazonaws.com',
    description: 'A deployed stage (Lambda variant; the ECS variants answer on their load balancer).',
    variables: {
      apiId: { default: 'abc123defg', description: 'The HTTP API id, as in the Api stack output `ApiUrl`.' },
      region: { default: 'us-east-1', description: 'The AWS region of the stage.' },
    },
  },
];

/**
 * Serves the OpenAPI 3.1 document generated from the route schemas. It is built on the first request
 * and cached: generation walks every schema, work a Lambda cold start should not pay for.
 */
export function registerOpenApiRoute(app: Hono<AppEnv>, version: string): void {
  let document: string | undefined;
  app.get('/openapi.json', async (c) => {
    // Its own chunk: zod's JSON Schema generator is not part of a cold start.
    const { openApiDocument } = await import('./openapi-document.js');
    document ??= JSON.stringify(
      openApiDocument(routeSpecs(app), {
        info: { title: 'Slimshop API', version, description: DESCRIPTION, license: LICENSE },
        servers: SERVERS,
        tags: [
          { name: 'products', description: 'The catalog: products with prices, status and attributes.' },
          { name: 'categories', description: 'A tree of categories (at most 8 levels).' },
          {
            name: 'carts',
            description: 'Shopping carts: private to their owner, gone a week after the last change.',
          },
          { name: 'orders', description: 'Orders: placed exactly once per Idempotency-Key, never oversold.' },
          { name: 'inventory', description: 'Units available per product.' },
          { name: 'reports', description: 'Sales figures computed by the database.' },
          {
            name: 'shipping',
            description: 'Shipping methods: where they ship, what they cost, free above an amount.',
          },
          { name: 'tax', description: 'VAT rates per country and tax class.' },
          {
            name: 'discounts',
            description: 'Discount codes: percent or fixed, limited in time and redemptions.',
          },
          {
            name: 'jobs',
            description:
              'Bulk work (imports, exports, image re-optimisation): on Lambda up to 10 minutes, else AWS Batch.',
          },
          {
            name: 'advisor',
            description: 'Which AWS services fit a workload, and what each costs (also a page: /advisor).',
          },
          { name: 'system', description: 'Health and documentation.' },
        ],
        securitySchemes: {
          bearerAuth: {
            type: 'http',
            scheme: 'bearer',
            bearerFormat: 'JWT',
            description: 'Cognito (production) or `npm run token -- --role admin` (local).',
          },
        },
      }),
    );
    return c.body(document, 200, { 'content-type': 'application/json; charset=utf-8' });
  });
}
