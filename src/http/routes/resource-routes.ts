import type { Hono, MiddlewareHandler } from 'hono';
import type { VersionCondition } from '../../app/catalog/version-condition.js';
import type { IdempotencyStore } from '../../app/ports/idempotency-store.js';
import type { Logger } from '../../app/ports/logger.js';
import type { Principal } from '../../app/ports/token-verifier.js';
import { PreconditionRequiredError } from '../../domain/shared/errors.js';
import type * as z from '../../domain/shared/zod.js';
import type { AppEnv } from '../app-env.js';
import { ifMatchCondition, requiredIfMatch } from '../etag.js';
import { requireRole } from '../middleware/auth.js';
import { idempotent } from '../middleware/idempotency.js';
import { conditionalGet, withEtag } from '../respond.js';
import { route } from '../route.js';
import {
  bearerSecurity,
  etagHeader,
  idempotencyHeaderSchema,
  idempotentResponses,
  idParamsSchema,
  ifMatchHeaderSchema,
  ifNoneMatchHeaderSchema,
  json,
  locationHeader,
  optionalBearerSecurity,
  problemResponses,
  requiredIfMatchHeaderSchema,
} from '../schemas/common-schemas.js';

/** What POST to a collection needs. */
export interface CreateRoute<S extends z.core.$ZodType, T extends { id: string; version: number }> {
  path: `/${string}`;
  /** `createProduct`: see RouteSpec.operationId. */
  operationId: string;
  tag: string;
  noun: string;
  bodySchema: S;
  schema: z.core.$ZodType<T>;
  create(input: z.output<S>): Promise<T>;
}

/** POST: admin only, Idempotency-Key honoured, 201 with Location and ETag. */
export function registerCreateRoute<S extends z.core.$ZodType, T extends { id: string; version: number }>(
  app: Hono<AppEnv>,
  spec: CreateRoute<S, T>,
  deps: { idempotency: IdempotencyStore; logger: Logger },
): void {
  route(
    app,
    {
      method: 'post',
      path: spec.path,
      operationId: spec.operationId,
      tags: [spec.tag],
      summary: `Create a ${spec.noun} (admin)`,
      security: bearerSecurity,
      middleware: [
        requireRole('admin'),
        idempotent(deps.idempotency, `POST ${spec.path}`, deps.logger),
      ] as const,
      request: {
        headers: idempotencyHeaderSchema,
        body: { required: true, content: json(spec.bodySchema) },
      },
      responses: idempotentResponses({
        201: {
          description: 'Created.',
          headers: { ...etagHeader, ...locationHeader },
          content: json(spec.schema),
        },
        ...problemResponses(400, 401, 403, 409, 413, 415, 422),
      }),
    },
    async (c) => {
      // The body schema is generic here, which hides the validated type from Hono's inference: restore it.
      const input = c.req.valid('json' as never) as z.output<S>;
      const created = await spec.create(input);
      return withEtag(c, created, 201, { location: `${spec.path}/${created.id}` });
    },
  );
}

/** What GET, PATCH and DELETE of one resource by id need; products and categories differ only in these. */
export interface ItemRoutes<T extends { version: number }> {
  path: `/${string}/{id}`;
  /** The operation ids of GET, PATCH and DELETE: `getProduct`, `updateProduct`, `deleteProduct`. */
  operationIds: { get: string; patch: string; delete: string };
  tag: string;
  noun: string;
  schema: z.core.$ZodType<T>;
  patchSchema: z.core.$ZodType;
  /** The members a patch may hold (the patch itself is validated once merged): for the document. */
  patchShape: () => z.core.$ZodType;
  patchSummary: string;
  get(id: string, principal: Principal | undefined): Promise<T>;
  patch(id: string, mergePatch: unknown, ifMatch: VersionCondition): Promise<T>;
  remove(id: string, ifMatch: VersionCondition | undefined): Promise<void>;
}

/** 428 before anything else is checked: a merge patch must say which version it was made against. */
const ifMatchRequired: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.req.header('if-match') === undefined) throw new PreconditionRequiredError();
  await next();
};

/** GET (with 304), PATCH (merge patch, If-Match required) and DELETE (If-Match honoured) of one resource. */
export function registerItemRoutes<T extends { version: number }>(
  app: Hono<AppEnv>,
  spec: ItemRoutes<T>,
): void {
  const admin = requireRole('admin');
  const { path, tag, noun } = spec;
  const item = (description: string) => ({ description, headers: etagHeader, content: json(spec.schema) });

  route(
    app,
    {
      method: 'get',
      path,
      operationId: spec.operationIds.get,
      tags: [tag],
      summary: `Get a ${noun}`,
      security: optionalBearerSecurity,
      request: { params: idParamsSchema, headers: ifNoneMatchHeaderSchema },
      responses: {
        200: item(`The ${noun}.`),
        304: { description: 'Not modified: your copy (If-None-Match) is current.', headers: etagHeader },
        ...problemResponses(400, 401, 404),
      },
    },
    async (c) => conditionalGet(c, await spec.get(c.req.valid('param').id, c.get('principal'))),
  );

  route(
    app,
    {
      method: 'patch',
      path,
      operationId: spec.operationIds.patch,
      tags: [tag],
      summary: spec.patchSummary,
      security: bearerSecurity,
      middleware: [admin, ifMatchRequired] as const,
      request: {
        params: idParamsSchema,
        headers: requiredIfMatchHeaderSchema,
        body: {
          required: true,
          content: {
            'application/merge-patch+json': { schema: spec.patchSchema, documentedAs: spec.patchShape },
            'application/json': { schema: spec.patchSchema, documentedAs: spec.patchShape },
          },
        },
      },
      responses: {
        200: item('Patched.'),
        ...problemResponses(400, 401, 403, 404, 409, 412, 413, 415, 422, 428),
      },
    },
    async (c) => {
      const patched = await spec.patch(
        c.req.valid('param').id,
        c.req.valid('json'),
        requiredIfMatch(c.req.header('if-match')),
      );
      return withEtag(c, patched, 200);
    },
  );

  route(
    app,
    {
      method: 'delete',
      path,
      operationId: spec.operationIds.delete,
      tags: [tag],
      summary: `Delete a ${noun} (admin)`,
      security: bearerSecurity,
      middleware: [admin] as const,
      request: { params: idParamsSchema, headers: ifMatchHeaderSchema },
      responses: {
        204: { description: 'Deleted.' },
        // 409: a category still in use; a product changed by others while the delete kept retrying.
        ...problemResponses(400, 401, 403, 404, 409, 412),
      },
    },
    async (c) => {
      await spec.remove(c.req.valid('param').id, ifMatchCondition(c.req.header('if-match')));
      return c.body(null, 204);
    },
  );
}
