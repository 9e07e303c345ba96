import type { Context } from 'hono';
import { ValidationError } from '../domain/shared/errors.js';
import { etagFor, ifNoneMatchHits } from './etag.js';

/** A resource representation with the ETag of its version. */
export function withEtag<T extends { version: number }, S extends 200 | 201>(
  c: Context,
  resource: T,
  status: S,
  headers: Record<string, string> = {},
) {
  return c.json(resource, status, { ...headers, etag: etagFor(resource.version) });
}

/** GET of one resource: 304 when the client's If-None-Match still holds, else the representation. */
export function conditionalGet<T extends { version: number }>(c: Context, resource: T) {
  c.header('cache-control', 'private, no-cache');
  if (ifNoneMatchHits(c.req.header('if-none-match'), resource.version)) {
    return c.body(null, 304, { etag: etagFor(resource.version) });
  }
  return withEtag(c, resource, 200);
}

/** List use cases report cursor and filter problems by field; over HTTP those fields live in the query. */
export async function inQuery<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    throw new ValidationError(
      error.message,
      error.errors.map((e) => ({ ...e, path: `query.${e.path}` })),
    );
  }
}
