import { extractBody, LightBody } from './light-body.js';
import { LightHeaders, type LightHeadersInit } from './light-headers.js';

export interface LightResponseInit {
  status?: number;
  statusText?: string;
  headers?: LightHeadersInit | LightHeaders;
}

/** Statuses whose responses never carry content (RFC 9110): a body with them is a TypeError. */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);
const REASON_PHRASE = /^[\t\x20-\x7e\x80-\xff]*$/;

/**
 * A Response without undici: what Hono's Context builds (c.json, c.body, the c.res setter, which passes an
 * old response as the init of a new one) and what our middleware builds and reads back. Validates status,
 * reason phrase and headers as Node's Response does.
 */
export class LightResponse extends LightBody {
  readonly status: number;
  readonly statusText: string;
  readonly headers: LightHeaders;
  readonly type = 'default';
  readonly url = '';
  readonly redirected = false;

  constructor(body?: unknown, init: LightResponseInit = {}) {
    const status = init.status ?? 200;
    if (!Number.isInteger(status) || status < 200 || status > 599) {
      throw new RangeError(`Response: status ${status} is outside the range [200, 599].`);
    }
    const statusText = init.statusText ?? '';
    if (!REASON_PHRASE.test(statusText)) throw new TypeError('Response: invalid statusText.');
    const headers = new LightHeaders(init.headers);
    const { source, contentType } = extractBody(body);
    if (source !== null && NULL_BODY_STATUSES.has(status)) {
      throw new TypeError(`Response with null body status ${status} cannot have body.`);
    }
    super(source);
    this.status = status;
    this.statusText = statusText;
    this.headers = headers;
    if (contentType !== null && !headers.has('content-type')) headers.set('content-type', contentType);
  }

  static json(data: unknown, init: LightResponseInit = {}): LightResponse {
    const text = JSON.stringify(data);
    if (text === undefined) throw new TypeError('Response.json: the data is not JSON serializable.');
    const headers = new LightHeaders(init.headers);
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
    return new LightResponse(text, { ...init, headers });
  }

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  get [Symbol.toStringTag](): string {
    return 'Response';
  }

  clone(): LightResponse {
    return new LightResponse(this.cloneSource(), this);
  }
}
