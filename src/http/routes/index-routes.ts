import type { Hono } from 'hono';
import * as z from '../../domain/shared/zod.js';
import type { AppEnv } from '../app-env.js';
import { route } from '../route.js';
import { json, problemResponses, publicSecurity } from '../schemas/common-schemas.js';

/** Where a person or a client goes from the API's root: the pages and documents it serves. */
const LINKS = {
  docs: '/docs',
  openapi: '/openapi.json',
  advisor: '/advisor',
  health: '/health',
} as const;

const link = (path: string, description: string) =>
  z.literal(path).register(z.globalRegistry, { description });

const indexSchema = z
  .object({
    name: z.literal('Slimshop API'),
    links: z.object({
      docs: link(LINKS.docs, 'The API reference, a page (Swagger UI).'),
      openapi: link(LINKS.openapi, 'The OpenAPI 3.1 document every operation is described in.'),
      advisor: link(LINKS.advisor, 'The cost advisor, a page over POST /advisor.'),
      health: link(LINKS.health, 'Liveness.'),
    }),
  })
  .register(z.globalRegistry, { id: 'Index' });

/**
 * GET /: a small index instead of a 404, so the first request anyone makes by hand (the bare URL in a
 * browser or curl) points to the docs. The paths are absolute, as the API serves them at its root.
 */
export function registerIndexRoutes(app: Hono<AppEnv>): void {
  route(
    app,
    {
      method: 'get',
      path: '/',
      operationId: 'getIndex',
      tags: ['system'],
      summary: 'Links to the docs, the OpenAPI document, the advisor and the health check',
      security: publicSecurity,
      responses: {
        200: { description: 'Where to go from here.', content: json(indexSchema) },
        ...problemResponses(),
      },
    },
    (c) => c.json({ name: 'Slimshop API' as const, links: LINKS }, 200),
  );
}
