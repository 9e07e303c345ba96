import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { CatalogService } from '../../app/catalog/catalog-service.js';
import type { IdempotencyStore } from '../../app/ports/idempotency-store.js';
import type { Logger } from '../../app/ports/logger.js';
import { ValidationError } from '../../domain/shared/errors.js';
import type { AppEnv } from '../app-env.js';
import { ifMatchCondition, requiredIfMatch } from '../etag.js';
import { requireRole } from '../middleware/auth.js';
import { idempotent } from '../middleware/idempotency.js';
import { conditionalGet, inQuery, withEtag } from '../respond.js';
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
import {
  productInputBodySchema,
  productListQuerySchema,
  productPageSchema,
  productPatchSchema,
  productPutBodySchema,
  productSchema,
} from '../schemas/product-schemas.js';

const productResponse = (description: string, headers = etagHeader) => ({
  description,
  headers,
  content: json(productSchema),
});

export function registerProductRoutes(
  app: OpenAPIHono<AppEnv>,
  deps: { catalog: CatalogService; idempotency: IdempotencyStore; logger: Logger },
): void {
  const { catalog } = deps;
  const admin = requireRole('admin');

  app.openapi(
    createRoute({
      method: 'post',
      path: '/products',
      tags: ['products'],
      summary: 'Create a product (admin)',
      security: bearerSecurity,
      middleware: [admin, idempotent(deps.idempotency, 'POST /products', deps.logger)] as const,
      request: {
        headers: idempotencyHeaderSchema,
        body: { required: true, content: json(productInputBodySchema) },
      },
      responses: {
        201: productResponse('Created.', { ...etagHeader, ...locationHeader }),
        ...problemResponses(400, 401, 403, 409, 413, 415, 422),
      },
    }),
    async (c) => {
      const product = await catalog.createProduct(c.req.valid('json'));
      return withEtag(c, product, 201, { location: `/products/${product.id}` });
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/products',
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
    }),
    async (c) => {
      const query = c.req.valid('query');
      const page = await inQuery(() => catalog.listProducts(query, c.get('principal')));
      return c.json(page, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/products/{id}',
      tags: ['products'],
      summary: 'Get a product',
      security: optionalBearerSecurity,
      request: { params: idParamsSchema, headers: ifNoneMatchHeaderSchema },
      responses: {
        200: productResponse('The product.'),
        304: { description: 'Not modified: your copy (If-None-Match) is current.', headers: etagHeader },
        ...problemResponses(400, 401, 404),
      },
    }),
    async (c) => conditionalGet(c, await catalog.getProduct(c.req.valid('param').id, c.get('principal'))),
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/products/{id}',
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
    }),
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

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/products/{id}',
      tags: ['products'],
      summary: 'Change a product with a JSON merge patch (admin)',
      security: bearerSecurity,
      middleware: [admin] as const,
      request: {
        params: idParamsSchema,
        headers: ifMatchHeaderSchema,
        body: {
          required: true,
          content: {
            'application/merge-patch+json': { schema: productPatchSchema },
            'application/json': { schema: productPatchSchema },
          },
        },
      },
      responses: {
        200: productResponse('Patched.'),
        ...problemResponses(400, 401, 403, 404, 409, 412, 413, 415, 422, 428),
      },
    }),
    async (c) => {
      const product = await catalog.patchProduct(
        c.req.valid('param').id,
        c.req.valid('json'),
        requiredIfMatch(c.req.header('if-match')),
      );
      return withEtag(c, product, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/products/{id}',
      tags: ['products'],
      summary: 'Delete a product (admin)',
      security: bearerSecurity,
      middleware: [admin] as const,
      request: { params: idParamsSchema, headers: ifMatchHeaderSchema },
      responses: {
        204: { description: 'Deleted.' },
        ...problemResponses(400, 401, 403, 404, 412),
      },
    }),
    async (c) => {
      await catalog.deleteProduct(c.req.valid('param').id, ifMatchCondition(c.req.header('if-match')));
      return c.body(null, 204);
    },
  );
}
