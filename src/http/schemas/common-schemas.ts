import { idSchema } from '../../domain/shared/ids.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../domain/shared/page.js';
import * as z from '../../domain/shared/zod.js';
import { PROBLEM_CONTENT_TYPE } from '../problem.js';

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
  401: 'No bearer token, or an invalid or expired one.',
  403: 'The token lacks the role this operation needs.',
  404: 'No such resource (or not visible to you).',
  409: 'Conflicts with the current state (duplicate SKU, category in use, an order status that does not allow it, stock below zero, a full cart, request with this Idempotency-Key in progress).',
  412: 'If-Match does not match the current ETag: fetch again and retry.',
  413: 'The request body exceeds 256 KB.',
  415: 'The request body is not JSON.',
  422: 'Refers to something that does not exist or does not fit (category, parent, product, cart, mixed currencies), or an Idempotency-Key reused with another body.',
  428: 'If-Match is required for this operation.',
  503: 'A dependency is unavailable: retry after `Retry-After` seconds.',
};

/** The problem+json responses an operation can return, for the OpenAPI document. */
export function problemResponses<const S extends readonly (keyof typeof PROBLEM_DESCRIPTIONS)[]>(
  ...statuses: S
) {
  return Object.fromEntries(
    [...statuses, 503].map((status) => [
      status,
      {
        description: PROBLEM_DESCRIPTIONS[status] as string,
        content: { [PROBLEM_CONTENT_TYPE]: { schema: problemSchema } },
      },
    ]),
  ) as Record<
    S[number] | 503,
    { description: string; content: { [PROBLEM_CONTENT_TYPE]: { schema: typeof problemSchema } } }
  >;
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
  ETag: { description: 'Strong entity tag of the version, e.g. `"3"`.', schema: { type: 'string' as const } },
};
export const locationHeader = {
  Location: { description: 'URL of the created resource.', schema: { type: 'string' as const } },
};

export const ifMatchHeaderSchema = z.object({
  'if-match': z.optional(z.string()).register(z.globalRegistry, {
    description: 'ETag you last read (`"3"`), a list of them, or `*`.',
    example: '"3"',
  }),
});

export const ifNoneMatchHeaderSchema = z.object({
  'if-none-match': z.optional(z.string()).register(z.globalRegistry, {
    description: 'ETag you hold: answered with 304 when still current.',
    example: '"3"',
  }),
});

export const idempotencyHeaderSchema = z.object({
  'idempotency-key': z.optional(z.string()).register(z.globalRegistry, {
    description: 'Makes retries safe: same key and body replay the first response for 24 h.',
    example: 'b3c1e6f0-6f8e-4a4e-9b9b-1c2d3e4f5a6b',
  }),
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
