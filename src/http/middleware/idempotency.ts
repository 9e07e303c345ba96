import type { Context, MiddlewareHandler } from 'hono';
import { requestFingerprint } from '../../app/ordering/request-fingerprint.js';
import type { IdempotencyStore, StoredResponse } from '../../app/ports/idempotency-store.js';
import type { Logger } from '../../app/ports/logger.js';
import { ValidationError } from '../../domain/shared/errors.js';
import {
  IDEMPOTENCY_KEY_FORMAT,
  IDEMPOTENCY_KEY_FORMAT_MESSAGE,
  idempotencyKeyInProgressError,
  idempotencyKeyReusedError,
} from '../../domain/shared/idempotency-key.js';
import { assertJsonDepth } from '../../domain/shared/json-body.js';
import type { AppEnv } from '../app-env.js';

/** Records outlive any sensible retry window (a day); a crashed request frees its key after a minute. */
const RECORD_TTL_SECONDS = 24 * 60 * 60;
const LOCK_SECONDS = 60;
/** Headers a replay must repeat for the client to see the same outcome (a cart is no-store on replay too). */
const REPLAYED_HEADERS = ['content-type', 'location', 'etag', 'cache-control'];

/**
 * Makes a POST safe to retry with an `Idempotency-Key`: the first request runs and its response is
 * stored; a retry with the same body gets that response again, with a different body a 422, and while
 * the first is still running a 409. Keys are scoped by caller and route, so two clients cannot collide.
 * 5xx responses are not stored: the key is released so a retry can succeed. Runs after authentication.
 */
export function idempotent(
  store: IdempotencyStore,
  route: string,
  logger: Logger,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = c.req.header('idempotency-key');
    if (key === undefined) return next();
    if (!IDEMPOTENCY_KEY_FORMAT.test(key)) {
      throw new ValidationError('The Idempotency-Key header is malformed.', [
        { path: 'header.idempotency-key', message: IDEMPOTENCY_KEY_FORMAT_MESSAGE },
      ]);
    }
    // A guest has no subject: their order's token scopes the key (a stored response holds the order, so
    // it must replay only to whoever could read the order anyway).
    const caller = c.get('principal')?.sub ?? `order-token:${c.req.header('x-order-token') ?? ''}`;
    const scopedKey = requestFingerprint([route, caller, key]);
    const body = bodyValue(await c.req.text());
    // Checked here too: this runs before the route validates its body (and routes without one, such as
    // POST /carts, never do), and nothing is claimed for a request that is refused anyway.
    assertJsonDepth(body);
    const fingerprint = requestFingerprint(body);

    const claim = await store.claim(scopedKey, fingerprint, {
      ttlSeconds: RECORD_TTL_SECONDS,
      lockSeconds: LOCK_SECONDS,
    });
    if (claim.state === 'completed') return replay(claim.response);
    if (claim.state === 'mismatch') throw idempotencyKeyReusedError();
    if (claim.state === 'in_progress') throw idempotencyKeyInProgressError();

    await next();
    try {
      if (c.res.status >= 500) await store.release(scopedKey);
      else await store.complete(scopedKey, await takeSnapshot(c));
    } catch (error) {
      // The work is done and the client gets its answer; a retry within the lock time sees 409, later re-runs.
      logger.warn('idempotency record not updated', { requestId: c.get('requestId'), error: String(error) });
    }
  };
}

/** The same, scoped by the request's own path: for routes like /orders/{id}/cancel, one key per resource. */
export function idempotentPerPath(store: IdempotencyStore, logger: Logger): MiddlewareHandler<AppEnv> {
  return (c, next) => idempotent(store, `${c.req.method} ${c.req.path}`, logger)(c, next);
}

/**
 * Reads the response once and answers with a fresh Response holding the same bytes. Not clone(): on Node 20
 * a GC can cancel the other half of a cloned body once Hono re-wraps the response to add a header, and the
 * client then gets an unusable body (seen under load).
 */
async function takeSnapshot(c: Context<AppEnv>): Promise<StoredResponse> {
  const response = c.res;
  const headers: Record<string, string> = {};
  for (const name of REPLAYED_HEADERS) {
    const value = response.headers.get(name);
    if (value !== null) headers[name] = value;
  }
  const body = await response.text();
  c.res = undefined;
  c.res = new Response(body === '' ? null : body, { status: response.status, headers: response.headers });
  return { status: response.status, headers, body };
}

function replay(stored: StoredResponse): Response {
  return new Response(stored.body === '' ? null : stored.body, {
    status: stored.status,
    headers: { ...stored.headers, 'idempotent-replayed': 'true' },
  });
}

/** The same JSON with keys in another order or other whitespace is the same request; non-JSON as it is. */
function bodyValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { unparsedBody: text };
  }
}
