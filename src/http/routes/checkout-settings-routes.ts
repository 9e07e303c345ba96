import type { Context, Hono } from 'hono';
import type { CheckoutSettingsService } from '../../app/ordering/checkout-settings-use-cases.js';
import type * as z from '../../domain/shared/zod.js';
import type { AppEnv } from '../app-env.js';
import { requireRole } from '../middleware/auth.js';
import { inQuery } from '../respond.js';
import { route, type Schema } from '../route.js';
import { keyListQuerySchema } from '../schemas/checkout-settings-schemas.js';
import {
  bearerSecurity,
  json,
  jsonResponse,
  locationHeader,
  problemResponses,
} from '../schemas/common-schemas.js';

/** What the shipping-method, tax-rate and discount-code routes need. */
export interface CheckoutSettingsRouteDeps {
  checkoutSettings: CheckoutSettingsService;
}

/** Admin settings change rarely but must show at once: caches ask again every time, and only for the caller. */
export const PRIVATE = { 'cache-control': 'private, no-cache' };

/** PUT under a chosen key: 201 with Location when it created the resource, 200 when it replaced one. */
export function putResponses(schema: Schema) {
  const body = jsonResponse(schema);
  return {
    200: body('Replaced.'),
    201: { ...body('Created.'), headers: locationHeader },
  };
}

export function createdOrReplaced(c: Context<AppEnv>, body: object, created: boolean, location: string) {
  return created ? c.json(body, 201, { location }) : c.json(body, 200);
}

/** The admin-only reads and the delete of one kind of setting, addressed by the one path parameter `key`. */
export interface AdminSettingRoutes<P extends Schema> {
  /** `/tax-rates`: items live at `${collection}/{${key}}`. */
  collection: `/${string}`;
  key: string;
  params: P;
  tag: string;
  /** `tax rates of a country` */
  noun: string;
  schema: Schema;
  operationIds: { get: string; delete: string; list?: string };
  get(params: z.output<P>): Promise<unknown>;
  remove(params: z.output<P>): Promise<void>;
  /** A cursor-paginated list of them all (`?limit=&cursor=`), in key order. */
  list?: {
    summary: string;
    pageSchema: Schema;
    page(query: z.output<typeof keyListQuerySchema>): Promise<unknown>;
  };
}

/** GET and DELETE of one item (admin), and GET of the collection's pages (admin) when `list` is given. */
export function registerAdminSettingRoutes<P extends Schema>(app: Hono<AppEnv>, spec: AdminSettingRoutes<P>) {
  const admin = requireRole('admin');
  const path = `${spec.collection}/{${spec.key}}` as const;
  // The param schema is generic here, which hides the validated type from Hono's inference: restore it.
  const paramsOf = (c: Context<AppEnv>) => (c.req.valid as (target: 'param') => z.output<P>)('param');

  const { list } = spec;
  if (list !== undefined && spec.operationIds.list !== undefined) {
    route(
      app,
      {
        method: 'get',
        path: spec.collection,
        operationId: spec.operationIds.list,
        tags: [spec.tag],
        summary: list.summary,
        security: bearerSecurity,
        middleware: [admin] as const,
        request: { query: keyListQuerySchema },
        responses: {
          200: { description: 'One page.', content: json(list.pageSchema) },
          ...problemResponses(400, 401, 403),
        },
      },
      async (c) => c.json(await inQuery(() => list.page(c.req.valid('query'))), 200, PRIVATE),
    );
  }

  route(
    app,
    {
      method: 'get',
      path,
      operationId: spec.operationIds.get,
      tags: [spec.tag],
      summary: `Get the ${spec.noun} (admin)`,
      security: bearerSecurity,
      middleware: [admin] as const,
      request: { params: spec.params },
      responses: { 200: jsonResponse(spec.schema)('Found.'), ...problemResponses(400, 401, 403, 404) },
    },
    async (c) => c.json((await spec.get(paramsOf(c))) as object, 200, PRIVATE),
  );

  route(
    app,
    {
      method: 'delete',
      path,
      operationId: spec.operationIds.delete,
      tags: [spec.tag],
      summary: `Delete the ${spec.noun} (admin)`,
      security: bearerSecurity,
      middleware: [admin] as const,
      request: { params: spec.params },
      // 409: orders still refer to it.
      responses: { 204: { description: 'Deleted.' }, ...problemResponses(400, 401, 403, 404, 409) },
    },
    async (c) => {
      await spec.remove(paramsOf(c));
      return c.body(null, 204);
    },
  );
}
