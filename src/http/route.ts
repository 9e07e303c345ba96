import type { Context, Hono, MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { validator } from 'hono/validator';
import { fieldErrorsFromZod } from '../app/catalog/zod-errors.js';
import { ValidationError } from '../domain/shared/errors.js';
import { assertJsonBody } from '../domain/shared/json-body.js';
import * as z from '../domain/shared/zod.js';
import type { AppEnv } from './app-env.js';

/**
 * Routes as data: one spec both validates the request and documents the operation. This replaces
 * @hono/zod-openapi, which builds on zod's classic API; ours takes any zod schema (the API's are
 * zod/mini, ~150 KB less to load at a Lambda cold start) and generates the OpenAPI document only on the
 * first GET /openapi.json (openapi-document.ts).
 */
export type Schema = z.core.$ZodType;

/** A response header as the OpenAPI document declares it; `required` when every such response carries it. */
export interface HeaderSpec {
  description: string;
  required?: boolean;
  schema: { type: 'string'; pattern?: string; enum?: string[] };
}

export interface ResponseSpec {
  description: string;
  headers?: Record<string, HeaderSpec>;
  content?: Record<string, { schema: Schema }>;
}

/**
 * One media type of a request body. `documentedAs` is for a handler that checks more than `schema` can say
 * (a merge patch is validated after it is merged): the document then shows that schema instead.
 */
export interface BodyContentSpec {
  schema: Schema;
  documentedAs?: () => Schema;
}

export interface RouteSpec {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI style: `/products/{id}`. */
  path: `/${string}`;
  /**
   * camelCase verb and noun (`listProducts`, `placeOrder`): generated clients name their methods after it,
   * so it never changes once published (test/e2e/openapi-operation-ids.test.ts holds the list).
   */
  operationId: string;
  tags: string[];
  summary: string;
  description?: string;
  /** Who may call: `[]` for anyone; tokens are still verified when sent (a bad one is a 401 everywhere). */
  security: Record<string, string[]>[];
  /** Runs before validation: a caller without the role gets 401/403, never a 400 about their input. */
  middleware?: readonly MiddlewareHandler<AppEnv>[];
  request?: {
    params?: Schema;
    query?: Schema;
    headers?: Schema;
    /**
     * Every media type listed shares one schema; the first is the documented default. An optional body
     * (`required: false`) is validated only when the request has one.
     */
    body?: { required: boolean; content: Record<string, BodyContentSpec> };
  };
  responses: Record<number, ResponseSpec>;
}

type OutputOf<S> = S extends Schema ? z.output<S> : never;
type RequestOf<R extends RouteSpec> = NonNullable<R['request']>;
type BodySchemaOf<R extends RouteSpec> = RequestOf<R>['body'] extends { content: infer C }
  ? C[keyof C] extends { schema: infer S }
    ? S
    : never
  : never;

/** What `c.req.valid(...)` returns in a handler of route R. */
export interface ValidatedInput<R extends RouteSpec> {
  out: {
    param: OutputOf<RequestOf<R>['params']>;
    query: OutputOf<RequestOf<R>['query']>;
    header: OutputOf<RequestOf<R>['headers']>;
    json: OutputOf<BodySchemaOf<R>>;
  };
}

export type RouteHandler<R extends RouteSpec> = (
  c: Context<AppEnv, string, ValidatedInput<R>>,
) => Response | Promise<Response>;

/** Where a validation failure was found, as the first segment of `errors[].path`. */
const PATH_PREFIX = { query: 'query', param: 'path', header: 'header', json: undefined } as const;

const documented = new WeakMap<Hono<AppEnv>, RouteSpec[]>();

/** The specs registered on `app`, in order, for the OpenAPI document. */
export function routeSpecs(app: Hono<AppEnv>): readonly RouteSpec[] {
  return documented.get(app) ?? [];
}

/** Registers one documented operation: its middleware, then validation of each part, then the handler. */
export function route<const R extends RouteSpec>(app: Hono<AppEnv>, spec: R, handler: RouteHandler<R>): void {
  const specs = documented.get(app) ?? [];
  documented.set(app, specs);
  specs.push(spec);

  const { params, query, headers, body } = spec.request ?? {};
  const steps: MiddlewareHandler<AppEnv>[] = [...(spec.middleware ?? [])];
  if (query) steps.push(validated('query', query));
  if (params) steps.push(validated('param', params));
  if (headers) steps.push(validated('header', headers));
  if (body) {
    steps.push(mediaTypeGate(Object.keys(body.content)));
    const [first] = Object.values(body.content);
    if (first) {
      const validation = validated('json', first.schema);
      steps.push(
        body.required ? validation : async (c, next) => ((await hasBody(c)) ? validation(c, next) : next()),
      );
    }
  }
  // Hono's overloads type fixed-length handler lists; this one is built at run time.
  const on = app.on as unknown as (method: string, path: string, ...handlers: unknown[]) => void;
  on(spec.method.toUpperCase(), spec.path.replaceAll(/\{(\w+)\}/g, ':$1'), ...steps, handler);
}

function validated(target: keyof typeof PATH_PREFIX, schema: Schema): MiddlewareHandler<AppEnv> {
  return validator(target, (value) => {
    // Before any schema walks it: a body nested thousands deep must be a 400, not a stack overflow, and a
    // member named __proto__ a 400 naming it, not a member zod drops without a word.
    if (target === 'json') assertJsonBody(value);
    const result = z.safeParse(schema, value);
    if (result.success) return result.data;
    throw new ValidationError(
      'The request is not valid.',
      fieldErrorsFromZod(result.error, PATH_PREFIX[target]),
    );
  });
}

/**
 * 415 for a body in a media type the operation does not take. JSON types match with parameters
 * (`application/json; charset=utf-8`); a request with neither a content type nor a body passes, and
 * validation then reports the missing fields.
 */
function mediaTypeGate(mediaTypes: string[]): MiddlewareHandler<AppEnv> {
  const accepted = new Set(mediaTypes);
  return async (c, next) => {
    const contentType = c.req.header('content-type');
    const essence = contentType?.split(';')[0]?.trim().toLowerCase();
    if (essence === undefined ? await hasBody(c) : !accepted.has(essence) && !isJson(essence, accepted)) {
      throw new HTTPException(415, { message: 'Unsupported Media Type' });
    }
    await next();
  };
}

/** `application/json` declared also takes any `application/*+json`, as JSON parsers do. */
function isJson(essence: string, accepted: Set<string>): boolean {
  return accepted.has('application/json') && /^application\/[\w.-]+\+json$/.test(essence);
}

async function hasBody(c: Context<AppEnv>): Promise<boolean> {
  if (c.req.raw.body === null) return false;
  return (await c.req.arrayBuffer()).byteLength > 0;
}
