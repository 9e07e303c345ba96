import type { Hono, MiddlewareHandler } from 'hono';
import type { ImageService } from '../../app/media/image-service.js';
import type { IdempotencyStore } from '../../app/ports/idempotency-store.js';
import type { Logger } from '../../app/ports/logger.js';
import type { AppEnv } from '../app-env.js';
import { requireRole } from '../middleware/auth.js';
import { idempotentPerPath } from '../middleware/idempotency.js';
import { route } from '../route.js';
import {
  bearerSecurity,
  idempotencyHeaderSchema,
  idempotentResponses,
  idParamsSchema,
  json,
  problemResponses,
} from '../schemas/common-schemas.js';
import { imageParamsSchema, imageUploadBodySchema, imageUploadSchema } from '../schemas/image-schemas.js';

export interface ImageRouteDeps {
  images: ImageService;
  idempotency: IdempotencyStore;
  logger: Logger;
}

/**
 * After a product is deleted (DELETE /products/{id} answered 204), its image files go too. A failure here
 * leaves only unreachable files behind, so it is logged and the client still gets its 204.
 */
export function deleteImageFilesWithProduct(deps: ImageRouteDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    if (c.req.method !== 'DELETE' || c.res.status !== 204) return;
    const productId = c.req.param('id') as string;
    await deps.images.deleteProductFiles(productId).catch((error: unknown) => {
      deps.logger.error('could not delete the image files of a deleted product', {
        requestId: c.get('requestId'),
        productId,
        error: String(error),
      });
    });
  };
}

export function registerImageRoutes(app: Hono<AppEnv>, deps: ImageRouteDeps): void {
  const { images } = deps;

  route(
    app,
    {
      method: 'post',
      path: '/products/{id}/images',
      operationId: 'createImageUpload',
      tags: ['products'],
      summary: 'Start an image upload (admin)',
      description:
        'Adds an image in status `processing` and returns a presigned PUT: send the bytes there directly. ' +
        'The product then shows the image `ready` with its variants, or `failed`.',
      security: bearerSecurity,
      middleware: [requireRole('admin'), idempotentPerPath(deps.idempotency, deps.logger)] as const,
      request: {
        params: idParamsSchema,
        headers: idempotencyHeaderSchema,
        body: { required: true, content: json(imageUploadBodySchema) },
      },
      responses: idempotentResponses({
        201: { description: 'Upload URL issued.', content: json(imageUploadSchema) },
        ...problemResponses(400, 401, 403, 404, 409, 413, 415),
      }),
    },
    async (c) => {
      const { id } = c.req.valid('param');
      const upload = await images.requestUpload(id, c.req.valid('json'));
      return c.json(upload, 201);
    },
  );

  route(
    app,
    {
      method: 'delete',
      path: '/products/{id}/images/{imageId}',
      operationId: 'deleteProductImage',
      tags: ['products'],
      summary: 'Delete an image and its variants (admin)',
      security: bearerSecurity,
      middleware: [requireRole('admin')] as const,
      request: { params: imageParamsSchema },
      responses: {
        204: { description: 'Deleted.' },
        ...problemResponses(400, 401, 403, 404, 409),
      },
    },
    async (c) => {
      const { id, imageId } = c.req.valid('param');
      await images.deleteImage(id, imageId);
      return c.body(null, 204);
    },
  );
}
