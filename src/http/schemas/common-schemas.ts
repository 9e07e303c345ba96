import {
  IDEMPOTENCY_KEY_FORMAT,
  IDEMPOTENCY_KEY_FORMAT_MESSAGE,
} from '../../domain/shared/idempotency-key.js';
import { idSchema } from '../../domain/shared/ids.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../domain/shared/page.js';
import * as z from '../../domain/shared/zod.js';
import { ENTITY_TAGS_PATTERN } from '../etag.js';
import { PROBLEM_CONTENT_TYPE } from '../problem.js';
import type { HeaderSpec, ResponseSpec } from '../route.js';

export const problemSchema = z
  .object({
    type: z.string().register(z.globalRegistry, { example: 'about:blank' }),
    title: z.string().register(z.globalRegistry, { example: 'Bad Request' }),
    status: z.number().check(z.int()).register(z.globalRegistry, { example: 400 }),
    detail: z.string(),
    errors: z
      .optional(
        z.array(
          z.object({
            path: z.string().register(z.globalRegistry, { example: 'price.amount' }),
            message: z
              .string()
              .register(z.globalRegistry, { example: 'must be an integer number of minor units' }),
          }),
        ),
      )
      .register(z.globalRegistry, { description: 'One entry per offending field (400, 409, 422).' }),
    requestId: z
      .optional(z.string())
      .register(z.globalRegistry, { description: 'Quote it when reporting a problem.' }),
  })
  .register(z.globalRegistry, { id: 'Problem', description: 'RFC 9457 problem details.' });

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: 'Malformed request: see `errors[].path` (body fields, `query.*`, `header.*`).',
  401: 'No bearer token where one is needed, or an invalid or expired one (checked wherever one is sent).',
  403: 'The token lacks the role this operation needs.',
  404: 'No such resource (or not visible to you).',
  409: 'Conflicts with the current state (duplicate SKU, category in use, an order status that does not allow it, stock below zero, a full cart), or a request with this Idempotency-Key is still in progress.',
  412: 'If-Match does not match the current ETag: fetch again and retry.',
  413: 'The request body exceeds 256 KB.',
  415: 'The request body is not JSON.',
  422: 'Refers to something that does not exist or does not fit (category, parent, product, cart, mixed currencies), or an Idempotency-Key reused with another body.',
  428: 'If-Match is required for this operation.',
  500: 'A bug on our side: the body names only the request id, which our logs hold.',
  503: 'A dependency is unavailable or too busy: retry after `Retry-After` seconds.',
};

/** Headers a problem of that status always carries. */
const PROBLEM_HEADERS: Record<number, Record<string, HeaderSpec>> = {
  401: {
    'WWW-Authenticate': {
      description: '`Bearer realm="slimshop"`, with `error="invalid_token"` when a token was sent.',
      required: true,
      schema: { type: 'string', pattern: '^Bearer ' },
    },
  },
  503: {
    'Retry-After': {
      description: 'Seconds to wait before retrying.',
      required: true,
      schema: { type: 'string', pattern: '^[0-9]+$' },
    },
  },
};

/** Every operation can answer these: a token is verified wherever it is sent, and any dependency can fail. */
const ALWAYS = [401, 500, 503] as const;

type ProblemStatus = keyof typeof PROBLEM_DESCRIPTIONS;
interface ProblemResponse {
  description: string;
  headers?: Record<string, HeaderSpec>;
  content: { [PROBLEM_CONTENT_TYPE]: { schema: typeof problemSchema } };
}

/** The problem+json responses an operation can return, for the OpenAPI document; 401, 500 and 503 always. */
export function problemResponses<const S extends readonly ProblemStatus[]>(...statuses: S) {
  return Object.fromEntries(
    [...new Set([...statuses, ...ALWAYS])]
      .sort((a, b) => a - b)
      .map((status) => [
        status,
        {
          description: PROBLEM_DESCRIPTIONS[status] as string,
          ...(PROBLEM_HEADERS[status] ? { headers: PROBLEM_HEADERS[status] } : {}),
          content: { [PROBLEM_CONTENT_TYPE]: { schema: problemSchema } },
        },
      ]),
  ) as Record<S[number] | (typeof ALWAYS)[number], ProblemResponse>;
}

export const replayedHeader = {
  'Idempotent-Replayed': {
    description:
      '`true` when this is the stored response of an earlier request with the same Idempotency-Key.',
    schema: { type: 'string' as const, enum: ['true'] },
  },
};

/**
 * The responses of an operation that honours `Idempotency-Key` (src/http/middleware/idempotency.ts): its own,
 * plus the 409 of a key still in progress and the 422 of a key reused with another body, and the
 * `Idempotent-Replayed` header on every response a retry can get back (5xx are never stored).
 *
 * @example
 * responses: idempotentResponses({ 201: created, ...problemResponses(400, 403) })
 */
export function idempotentResponses<R extends Record<number, ResponseSpec>>(responses: R) {
  const all: Record<number, ResponseSpec> = { ...problemResponses(409, 422), ...responses };
  return Object.fromEntries(
    Object.entries(all)
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([status, response]) => [
        status,
        Number(status) >= 500
          ? response
          : { ...response, headers: { ...response.headers, ...replayedHeader } },
      ]),
  ) as R & ReturnType<typeof problemResponses<[409, 422]>>;
}

/** A JSON request or response body of a route spec (src/http/route.ts). */
export const json = <T>(schema: T) => ({ 'application/json': { schema } });

/** The responses of one JSON schema, each operation giving its own description: `cart('Created.')`. */
export const jsonResponse =
  <T>(schema: T) =>
  (description: string) => ({ description, content: json(schema) });

/** A path parameter that is an id, with an example id for the document (a copy: idSchema is shared). */
export const idParam = (example: string) => idSchema.clone().register(z.globalRegistry, { example });

export const idParamsSchema = z.object({ id: idParam('w8Jx3kq0PZbV9sT2mYc1') });

export const etagHeader = {
  ETag: {
    description: 'Strong entity tag of the version, e.g. `"3"`.',
    required: true,
    schema: { type: 'string' as const, pattern: '^"[0-9]+"$' },
  },
};
export const locationHeader = {
  Location: {
    description: 'Path of the created resource.',
    required: true,
    schema: { type: 'string' as const, pattern: '^/' },
  },
};

/** An If-Match / If-None-Match value: `*` or entity tags, checked by etag.ts (a 400 when malformed). */
const entityTags = (description: string) =>
  z.string().register(z.globalRegistry, { description, pattern: ENTITY_TAGS_PATTERN, example: '"3"' });

export const ifMatchHeaderSchema = z.object({
  'if-match': z.optional(entityTags('ETag you last read (`"3"`), a list of them, or `*`.')),
});

/** PATCH merges into the state the client read, so it must say which one (428 without; ifMatchRequired). */
export const requiredIfMatchHeaderSchema = z.object({
  'if-match': entityTags('Required: the ETag you last read (`"3"`), a list of them, or `*` (428 without).'),
});

export const ifNoneMatchHeaderSchema = z.object({
  'if-none-match': z.optional(entityTags('ETag you hold: answered with 304 when still current.')),
});

export const idempotencyHeaderSchema = z.object({
  'idempotency-key': z
    .optional(z.string().check(z.regex(IDEMPOTENCY_KEY_FORMAT, IDEMPOTENCY_KEY_FORMAT_MESSAGE)))
    .register(z.globalRegistry, {
      description: 'Makes retries safe: same key and body replay the first response for 24 h.',
      example: 'b3c1e6f0-6f8e-4a4e-9b9b-1c2d3e4f5a6b',
    }),
});

/**
 * A query flag: `true` or `false` in the URL, which is how OpenAPI writes a boolean query parameter, so the
 * document says boolean (the handler compares with `'true'`).
 */
export const booleanQueryFlag = (description: string) =>
  z._default(z.enum(['true', 'false']), 'false').register(z.globalRegistry, {
    description,
    // Metadata is merged into zod's JSON Schema; `enum: undefined` drops the string values it wrote.
    type: 'boolean',
    enum: undefined,
    default: false,
  });

export const limitSchema = z
  ._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(MAX_PAGE_SIZE)), DEFAULT_PAGE_SIZE)
  .register(z.globalRegistry, {
    description: `Page size, at most ${MAX_PAGE_SIZE}.`,
    example: DEFAULT_PAGE_SIZE,
  });

export const cursorSchema = z
  .optional(z.string().check(z.minLength(1), z.maxLength(2048)))
  .register(z.globalRegistry, {
    description: '`nextCursor` of the previous page, with the same filters and sort.',
  });

export function pageSchema<T extends z.core.$ZodType>(item: T, name: string) {
  return z
    .object({
      items: z.array(item),
      nextCursor: z
        .nullable(z.string())
        .register(z.globalRegistry, { description: 'null on the last page.' }),
    })
    .register(z.globalRegistry, { id: name });
}

type SecurityRequirement = Record<string, string[]>;
export const bearerSecurity: SecurityRequirement[] = [{ bearerAuth: [] }];
/** Public operations: anonymous, or with a token (admins then see more). */
export const optionalBearerSecurity: SecurityRequirement[] = [{}, { bearerAuth: [] }];
/** Anyone, and a token changes nothing (it is still verified when sent). */
export const publicSecurity: SecurityRequirement[] = [];
