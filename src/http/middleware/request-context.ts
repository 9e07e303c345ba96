import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { Logger } from '../../app/ports/logger.js';
import type { AppEnv } from '../app-env.js';

const CLIENT_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Gives every request an id (the caller's `x-request-id` when it is sane, else API Gateway's, else a new
 * one), returns it as `x-request-id`, and logs one line per request once the response is known.
 */
export function requestContext(logger: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    const requestId = requestIdOf(c.req.header('x-request-id'), c.env);
    c.set('requestId', requestId);
    await next();
    // On the response's own headers, as secureHeaders sets its own: c.header() on a finished response
    // rebuilds it around its body as a stream, a full fetch Response in the container (docs/benchmarks.md).
    c.res.headers.set('x-request-id', requestId);
    logger.info('request', {
      method: c.req.method,
      path: loggedPath(c.req.path),
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
      requestId,
    });
  };
}

/** A signed job file link's token is its credential for 15 minutes: logs keep the route, not the token. */
const SIGNED_LINK = /^(\/jobs\/(?:uploads|downloads)\/)[^/]+$/;
const loggedPath = (path: string) => (path.startsWith('/jobs/') ? path.replace(SIGNED_LINK, '$1…') : path);

/**
 * The request's id: the caller's `x-request-id` when it is sane, else API Gateway's (the Lambda adapter's
 * env, or the container's request scope), else a new one. Exported for the container's request scope.
 */
export function requestIdOf(header: string | undefined, env: unknown): string {
  if (header !== undefined && CLIENT_REQUEST_ID.test(header)) return header;
  // The Lambda adapter (http/lambda/) passes the event's requestContext as env; http/ stays free of AWS types on purpose.
  const fromGateway = (env as { requestContext?: { requestId?: unknown } } | undefined)?.requestContext
    ?.requestId;
  return typeof fromGateway === 'string' && fromGateway !== '' ? fromGateway : randomUUID();
}
