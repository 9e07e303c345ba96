import { extractBody, LightBody } from './light-body.js';
import { LightHeaders, type LightHeadersInit } from './light-headers.js';

export interface LightRequestInit {
  method?: string;
  headers?: LightHeadersInit | LightHeaders;
  body?: unknown;
  signal?: AbortSignal | null;
}

/** What a Request is built from: a URL, or another request (this class or Node's). */
interface RequestLike {
  url: string;
  method: string;
  headers: LightHeadersInit | LightHeaders;
  body: unknown;
  signal?: AbortSignal | null;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** The standard upper-cases these whatever the case they come in; any other method stays as sent. */
const NORMALIZED = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT']);
const FORBIDDEN = new Set(['CONNECT', 'TRACE', 'TRACK']);

function methodOf(method: string): string {
  const upper = method.toUpperCase();
  if (!TOKEN.test(method)) throw new TypeError(`Request: '${method}' is not a valid HTTP method.`);
  if (FORBIDDEN.has(upper)) throw new TypeError(`Request: '${method}' HTTP method is unsupported.`);
  return NORMALIZED.has(upper) ? upper : method;
}

function urlOf(input: string): string {
  const url = new URL(input);
  if (url.username !== '' || url.password !== '') {
    throw new TypeError('Request cannot be constructed from a URL that includes credentials.');
  }
  return url.href;
}

/**
 * A Request without undici, for the Lambda adapter and for what Hono builds from one (bodyLimit re-wraps
 * a request it has read). Throws TypeError where Node's Request does: a bad URL, method or header, a body
 * on GET or HEAD.
 */
export class LightRequest extends LightBody {
  readonly url: string;
  readonly method: string;
  readonly headers: LightHeaders;
  #signal: AbortSignal | null | undefined;

  constructor(input: string | URL | RequestLike, init: LightRequestInit = {}) {
    const from = typeof input === 'object' && !(input instanceof URL) ? input : undefined;
    const url = from === undefined ? urlOf(String(input)) : from.url;
    const method = init.method === undefined ? (from?.method ?? 'GET') : methodOf(init.method);
    const { source, contentType } = extractBody(init.body !== undefined ? init.body : from?.body);
    if (source !== null && (method === 'GET' || method === 'HEAD')) {
      throw new TypeError('Request with GET/HEAD method cannot have body.');
    }
    super(source);
    this.url = url;
    this.method = method;
    this.headers = new LightHeaders(init.headers ?? from?.headers);
    if (contentType !== null && !this.headers.has('content-type'))
      this.headers.set('content-type', contentType);
    this.#signal = init.signal ?? from?.signal;
  }

  /** Made on first use: nothing on the request path aborts a Lambda request. */
  get signal(): AbortSignal {
    this.#signal ??= new AbortController().signal;
    return this.#signal;
  }

  get [Symbol.toStringTag](): string {
    return 'Request';
  }

  clone(): LightRequest {
    return new LightRequest(this.url, {
      method: this.method,
      headers: this.headers,
      body: this.cloneSource(),
      signal: this.signal,
    });
  }
}
