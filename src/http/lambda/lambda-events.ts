import { LightHeaders } from './light-headers.js';
import { LightRequest } from './light-request.js';

// The fields of the two event shapes the API's Lambda receives, as AWS documents them. Declared here
// (not imported from @types/aws-lambda) because http/ stays free of AWS types.

/** API Gateway HTTP API, payload format 2.0 (and Lambda function URLs, which use the same format). */
export interface HttpApiEvent {
  rawPath: string;
  rawQueryString: string;
  cookies?: string[];
  headers?: Record<string, string | undefined>;
  requestContext: { domainName: string; http: { method: string } };
  body?: string;
  isBase64Encoded: boolean;
}

/** Application Load Balancer target group, with or without multi-value headers. */
export interface AlbEvent {
  requestContext: { elb: unknown };
  httpMethod: string;
  path: string;
  headers?: Record<string, string | undefined>;
  multiValueHeaders?: Record<string, string[] | undefined>;
  queryStringParameters?: Record<string, string | undefined>;
  multiValueQueryStringParameters?: Record<string, string[] | undefined>;
  body?: string | null;
  isBase64Encoded: boolean;
}

export type HttpEvent = HttpApiEvent | AlbEvent;

export class UnsupportedLambdaEventError extends Error {
  override name = 'UnsupportedLambdaEventError';
  constructor() {
    super('This handler serves API Gateway HTTP API (payload 2.0) and ALB events only.');
  }
}

export function isAlbEvent(event: HttpEvent): event is AlbEvent {
  return typeof event.requestContext === 'object' && Object.hasOwn(event.requestContext ?? {}, 'elb');
}

/** Which shape an event has; anything else (REST API payload 1.0, VPC Lattice) is refused. */
export function httpEventOf(event: unknown): HttpEvent {
  const candidate = event as HttpEvent;
  if (typeof event !== 'object' || event === null) throw new UnsupportedLambdaEventError();
  if (isAlbEvent(candidate)) return candidate;
  if (Object.hasOwn(event, 'rawPath') && Object.hasOwn(candidate.requestContext ?? {}, 'http'))
    return candidate;
  throw new UnsupportedLambdaEventError();
}

/**
 * Header values outside ASCII are percent-encoded (as hono/aws-lambda did): a header cannot carry them
 * as they are, and rejecting the request for a client's odd header would be worse.
 */
function sanitized(value: string): string {
  return /[\u0080-\uffff]/.test(value) ? encodeURIComponent(value) : value;
}

function albHeaders(event: AlbEvent): LightHeaders {
  const headers = new LightHeaders();
  if (event.multiValueHeaders) {
    // A header the client repeated arrives as an array: one field, its values a comma-separated list
    // (RFC 9110 §5.3; "; " for Cookie). append() joins them so, also across names differing in case only.
    for (const [name, values] of Object.entries(event.multiValueHeaders)) {
      if (!Array.isArray(values)) continue;
      if (values.length === 0) headers.set(name, '');
      for (const value of values) headers.append(name, sanitized(value));
    }
  } else {
    for (const [name, value] of Object.entries(event.headers ?? {}))
      if (value) headers.set(name, sanitized(value));
  }
  return headers;
}

function httpApiHeaders(event: HttpApiEvent): LightHeaders {
  const headers = new LightHeaders();
  // Payload 2.0 moves the Cookie header into `cookies`.
  if (Array.isArray(event.cookies)) headers.set('cookie', event.cookies.join('; '));
  for (const [name, value] of Object.entries(event.headers ?? {}))
    if (value) headers.set(name, sanitized(value));
  return headers;
}

/** ALB passes query values as the client encoded them, so they are put back together as they are. */
function albQueryString(event: AlbEvent): string {
  if (event.multiValueQueryStringParameters) {
    return Object.entries(event.multiValueQueryStringParameters)
      .filter((entry): entry is [string, string[]] => Array.isArray(entry[1]))
      .map(([name, values]) => `${name}=${values.join(`&${name}=`)}`)
      .join('&');
  }
  return Object.entries(event.queryStringParameters ?? {})
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

/**
 * The request an event stands for. Throws TypeError for what no HTTP request can be (a malformed URL or
 * header, a body on GET), as Node's Request would.
 */
export function requestFromEvent(event: HttpEvent): LightRequest {
  const alb = isAlbEvent(event);
  const headers = alb ? albHeaders(event) : httpApiHeaders(event);
  const query = alb ? albQueryString(event) : event.rawQueryString;
  const path = alb ? event.path : event.rawPath;
  // ALB events carry no domain name: the Host header says which name the client used.
  const host = alb ? (headers.get('host') ?? 'localhost') : event.requestContext.domainName;
  let body: Uint8Array | undefined;
  if (event.body) {
    body = Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8');
    headers.set('content-length', String(body.byteLength));
  }
  return new LightRequest(`https://${host}${path}${query ? `?${query}` : ''}`, {
    method: alb ? event.httpMethod : event.requestContext.http.method,
    headers,
    body,
  });
}
