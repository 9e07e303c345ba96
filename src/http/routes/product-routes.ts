import type { Hono } from 'hono';
import type { CatalogService } from '../../app/catalog/catalog-service.js';
import type { IdempotencyStore } from '../../app/ports/idempotency-store.js';
import type { Logger } from '../../app/ports/logger.js';
import { ValidationError } from '../../domain/shared/errors.js';
import type { AppEnv } from '../app-env.js';
import { ifMatchCondition } from '../etag.js';
import { requireRole } from '../middleware/auth.js';
import { inQuery, withEtag } from '../respond.js';
import { route } from '../route.js';
import {
  bearerSecurity,
  etagHeader,
  idParamsSchema,
  ifMatchHeaderSchema,
  json,
  locationHeader,
  optionalBearerSecurity,
  problemResponses,
} from '../schemas/common-schemas.js';
import {
  productInputBodySchema,
  productListQuerySchema,
  productPageSchema,
  productPatchSchema,
  productPatchShape,
  productPutBodySchema,
  productSchema,
} from '../schemas/product-schemas.js';
import { registerCreateRoute, registerItemRoutes } from './resource-routes.js';

const productResponse = (description: string, headers = etagHeader) => ({
  description,
  headers,
  content: json(productSchema),
});

export function registerProductRoutes(
  app: Hono<AppEnv>,
  deps: { catalog: CatalogService; idempotency: IdempotencyStore; logger: Logger },
): void {
  const { catalog } = deps;
  const admin = requireRole('admin');

  registerCreateRoute(
    app,
    {
      path: '/products',
      operationId: 'createProduct',
      tag: 'products',
      noun: 'product',
      bodySchema: productInputBodySchema,
      schema: productSchema,
      create: (input) => catalog.createProduct(input),
    },
    deps,
  );

  route(
    app,
    {
      method: 'get',
      path: '/products',
      operationId: 'listProducts',
      tags: ['products'],
      summary: 'List products',
      description:
        'Cursor-paginated; a page is short only at the end. Anonymous callers and customers see active products only.',
      security: optionalBearerSecurity,
      request: { query: productListQuerySchema },
      responses: {
        200: { description: 'One page.', content: json(productPageSchema) },
        ...problemResponses(400, 401),
      },
    },
    async (c) => {
      const query = c.req.valid('query');
      const page = await inQuery(() => catalog.listProducts(query, c.get('principal')));
      return c.json(page, 200);
    },
  );

  route(
    app,
    {
      method: 'put',
      path: '/products/{id}',
      operationId: 'replaceProduct',
      tags: ['products'],
      summary: 'Create or replace a product under a chosen id (admin)',
      security: bearerSecurity,
      middleware: [admin] as const,
      request: {
        params: idParamsSchema,
        headers: ifMatchHeaderSchema,
        body: { required: true, content: json(productPutBodySchema) },
      },
      responses: {
        200: productResponse('Replaced.'),
        201: productResponse('Created.', { ...etagHeader, ...locationHeader }),
        ...problemResponses(400, 401, 403, 409, 412, 413, 415, 422),
      },
    },
    async (c) => {
      const { id } = c.req.valid('param');
      const { id: bodyId, ...input } = c.req.valid('json');
      if (bodyId !== undefined && bodyId !== id) {
        throw new ValidationError('The id in the body differs from the id in the path.', [
          { path: 'id', message: `must equal "${id}" (the id in the path) or be left out` },
        ]);
      }
      const { product, created } = await catalog.putProduct(
        id,
        input,
        ifMatchCondition(c.req.header('if-match')),
      );
      return created
        ? withEtag(c, product, 201, { location: `/products/${product.id}` })
        : withEtag(c, product, 200);
    },
  );

  registerItemRoutes(app, {
    path: '/products/{id}',
    operationIds: { get: 'getProduct', patch: 'updateProduct', delete: 'deleteProduct' },
    tag: 'products',
    noun: 'product',
    schema: productSchema,
    patchSchema: productPatchSchema,
    patchShape: productPatchShape,
    patchSummary: 'Change a product with a JSON merge patch (admin)',
    get: (id, principal) => catalog.getProduct(id, principal),
    patch: (id, mergePatch, ifMatch) => catalog.patchProduct(id, mergePatch, ifMatch),
    remove: (id, ifMatch) => catalog.deleteProduct(id, ifMatch),
  });
}
