import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from '../app-env.js';

export interface BodyLimitOptions {
  maxSize: number;
  /** Answers (or throws) for a body over `maxSize`. */
  onError: (c: Context<AppEnv>) => Response | Promise<Response>;
}

/**
 * Hono's bodyLimit, except that a request declaring its length (Content-Length, no Transfer-Encoding) is
 * judged by that number without reading `request.body` first. The number is what Hono's middleware
 * checks for such a request too; a body longer than it declares never reaches the app (Node's HTTP parser
 * and API Gateway cut it there). Not touching `body` matters in the container: @hono/node-server's light
 * Request reads a JSON or text body straight from the socket, but once anything reads `body` it builds a
 * full fetch Request (undici's, with a web stream) and every later read goes through that.
 *
 * @example
 * app.use(limitBody({ maxSize: 256 * 1024, onError: () => { throw new HTTPException(413) } }));
 */
export function limitBody(options: BodyLimitOptions): MiddlewareHandler<AppEnv> {
  const streamed = bodyLimit(options);
  return async (c, next) => {
    const { method, headers } = c.req.raw;
    const declared = headers.get('content-length');
    if (method === 'GET' || method === 'HEAD' || declared === null || headers.has('transfer-encoding'))
      return streamed(c, next);
    if (Number.parseInt(declared, 10) > options.maxSize) return options.onError(c);
    await next();
  };
}
