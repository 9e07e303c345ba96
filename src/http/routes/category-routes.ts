import type { Hono } from 'hono';
import type { CatalogService } from '../../app/catalog/catalog-service.js';
import type { IdempotencyStore } from '../../app/ports/idempotency-store.js';
import type { Logger } from '../../app/ports/logger.js';
import type { AppEnv } from '../app-env.js';
import { requireRole } from '../middleware/auth.js';
import { inQuery } from '../respond.js';
import { route } from '../route.js';
import {
  categoryInputBodySchema,
  categoryListQuerySchema,
  categoryPageSchema,
  categoryPatchSchema,
  categoryPatchShape,
  categorySchema,
} from '../schemas/category-schemas.js';
import { etagHeader, json, optionalBearerSecurity, problemResponses } from '../schemas/common-schemas.js';
import { registerCreateRoute, registerItemRoutes } from './resource-routes.js';

const _categoryResponse = (description: string, headers = etagHeader) => ({
  description,
  headers,
  content: json(categorySchema),
});

export function registerCategoryRoutes(
  app: Hono<AppEnv>,
  deps: { catalog: CatalogService; idempotency: IdempotencyStore; logger: Logger },
): void {
  const { catalog } = deps;
  const _admin = requireRole('admin');

  registerCreateRoute(
    app,
    {
      path: '/categories',
      operationId: 'createCategory',
      tag: 'categories',
      noun: 'category',
      bodySchema: categoryInputBodySchema,
      schema: categorySchema,
      create: (input) => catalog.createCategory(input),
    },
    deps,
  );

  route(
    app,
    {
      method: 'get',
      path: '/categories',
      operationId: 'listCategories',
      tags: ['categories'],
      summary: 'List categories by name',
      security: optionalBearerSecurity,
      request: { query: categoryListQuerySchema },
      responses: {
        200: { description: 'One page.', content: json(categoryPageSchema) },
        ...problemResponses(400, 401),
      },
    },
    async (c) => {
      const query = c.req.valid('query');
      return c.json(await inQuery(() => catalog.listCategories(query)), 200);
    },
  );

  registerItemRoutes(app, {
    path: '/categories/{id}',
    operationIds: { get: 'getCategory', patch: 'updateCategory', delete: 'deleteCategory' },
    tag: 'categories',
    noun: 'category',
    schema: categorySchema,
    patchSchema: categoryPatchSchema,
    patchShape: categoryPatchShape,
    patchSummary: 'Rename or move a category with a JSON merge patch (admin)',
    get: (id) => catalog.getCategory(id),
    patch: (id, mergePatch, ifMatch) => catalog.patchCategory(id, mergePatch, ifMatch),
    remove: (id, ifMatch) => catalog.deleteCategory(id, ifMatch),
  });
}
