import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { CatalogService } from '../../app/catalog/catalog-service.js';
import type { IdempotencyStore } from '../../app/ports/idempotency-store.js';
import type { Logger } from '../../app/ports/logger.js';
import type { AppEnv } from '../app-env.js';
import { ifMatchCondition, requiredIfMatch } from '../etag.js';
import { requireRole } from '../middleware/auth.js';
import { idempotent } from '../middleware/idempotency.js';
import { conditionalGet, inQuery, withEtag } from '../respond.js';
import {
  categoryInputBodySchema,
  categoryListQuerySchema,
  categoryPageSchema,
  categoryPatchSchema,
  categorySchema,
} from '../schemas/category-schemas.js';
import {
  bearerSecurity,
  etagHeader,
  idempotencyHeaderSchema,
  idParamsSchema,
  ifMatchHeaderSchema,
  ifNoneMatchHeaderSchema,
  json,
  locationHeader,
  optionalBearerSecurity,
  problemResponses,
} from '../schemas/common-schemas.js';

const categoryResponse = (description: string, headers = etagHeader) => ({
  description,
  headers,
  content: json(categorySchema),
});

export function registerCategoryRoutes(
  app: OpenAPIHono<AppEnv>,
  deps: { catalog: CatalogService; idempotency: IdempotencyStore; logger: Logger },
): void {
  const { catalog } = deps;
  const admin = requireRole('admin');

  app.openapi(
    createRoute({
      method: 'post',
      path: '/categories',
      tags: ['categories'],
      summary: 'Create a category (admin)',
      security: bearerSecurity,
      middleware: [admin, idempotent(deps.idempotency, 'POST /categories', deps.logger)] as const,
      request: {
        headers: idempotencyHeaderSchema,
        body: { required: true, content: json(categoryInputBodySchema) },
      },
      responses: {
        201: categoryResponse('Created.', { ...etagHeader, ...locationHeader }),
        ...problemResponses(400, 401, 403, 409, 413, 415, 422),
      },
    }),
    async (c) => {
      const category = await catalog.createCategory(c.req.valid('json'));
      return withEtag(c, category, 201, { location: `/categories/${category.id}` });
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/categories',
      tags: ['categories'],
      summary: 'List categories by name',
      security: optionalBearerSecurity,
      request: { query: categoryListQuerySchema },
      responses: {
        200: { description: 'One page.', content: json(categoryPageSchema) },
        ...problemResponses(400, 401),
      },
    }),
    async (c) => {
      const query = c.req.valid('query');
      return c.json(await inQuery(() => catalog.listCategories(query)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/categories/{id}',
      tags: ['categories'],
      summary: 'Get a category',
      security: optionalBearerSecurity,
      request: { params: idParamsSchema, headers: ifNoneMatchHeaderSchema },
      responses: {
        200: categoryResponse('The category.'),
        304: { description: 'Not modified: your copy (If-None-Match) is current.', headers: etagHeader },
        ...problemResponses(400, 401, 404),
      },
    }),
    async (c) => conditionalGet(c, await catalog.getCategory(c.req.valid('param').id)),
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/categories/{id}',
      tags: ['categories'],
      summary: 'Rename or move a category with a JSON merge patch (admin)',
      security: bearerSecurity,
      middleware: [admin] as const,
      request: {
        params: idParamsSchema,
        headers: ifMatchHeaderSchema,
        body: {
          required: true,
          content: {
            'application/merge-patch+json': { schema: categoryPatchSchema },
            'application/json': { schema: categoryPatchSchema },
          },
        },
      },
      responses: {
        200: categoryResponse('Patched.'),
        ...problemResponses(400, 401, 403, 404, 409, 412, 413, 415, 422, 428),
      },
    }),
    async (c) => {
      const category = await catalog.patchCategory(
        c.req.valid('param').id,
        c.req.valid('json'),
        requiredIfMatch(c.req.header('if-match')),
      );
      return withEtag(c, category, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/categories/{id}',
      tags: ['categories'],
      summary: 'Delete an empty category (admin)',
      security: bearerSecurity,
      middleware: [admin] as const,
      request: { params: idParamsSchema, headers: ifMatchHeaderSchema },
      responses: {
        204: { description: 'Deleted.' },
        ...problemResponses(400, 401, 403, 404, 409, 412),
      },
    }),
    async (c) => {
      await catalog.deleteCategory(c.req.valid('param').id, ifMatchCondition(c.req.header('if-match')));
      return c.body(null, 204);
    },
  );
}
