import { type HttpEvent, isAlbEvent } from './lambda-events.js';

/** What the function returns: API Gateway and ALB both read these fields. */
export interface LambdaHttpResult {
  body: string;
  statusCode: number;
  isBase64Encoded: boolean;
  headers?: Record<string, string>;
  /** ALB target groups with multi-value headers enabled (they send `multiValueHeaders` too). */
  multiValueHeaders?: Record<string, string[]>;
  /** Payload 2.0 returns each Set-Cookie here. */
  cookies?: string[];
}

/** The parts of a Response the result is made from (a light one, or Node's when a route hands one on). */
export interface ResponseLike {
  status: number;
  headers: {
    get(name: string): string | null;
    getSetCookie(): string[];
    forEach(callback: (value: string, name: string) => void): void;
  };
  text(): Promise<string>;
  arrayBuffer(): Promise<ArrayBuffer>;
}

// Text is sent as it is; anything else base64-encoded, or API Gateway would mangle its bytes. The same
// rule hono/aws-lambda applied, so clients see the same encoding as before: text/{plain,html,css,
// javascript,csv} and any JSON or XML type are text, except two XML types that are really archives.
const TEXT_TYPE = /^text\/(?:plain|html|css|javascript|csv)|[/+](?:json|xml)\s*(?:;|$)/i;
const ARCHIVE_XML_TYPE = /^application\/vnd\.(?:apple\.installer|mozilla\.xul)\+xml\s*(?:;|$)/i;

function isBinary(contentType: string | null, contentEncoding: string | null): boolean {
  if (contentType !== null && (ARCHIVE_XML_TYPE.test(contentType) || !TEXT_TYPE.test(contentType)))
    return true;
  // A compressed body is bytes whatever its type.
  return contentEncoding !== null && contentEncoding !== '' && !/^identity$/i.test(contentEncoding);
}

/**
 * The Lambda result for a response, in the shapes hono/aws-lambda returned: `headers` (and `cookies` for
 * payload 2.0), or `multiValueHeaders` when the ALB event came with them, each value as one list.
 */
export async function resultFromResponse(
  event: HttpEvent,
  response: ResponseLike,
): Promise<LambdaHttpResult> {
  const { headers } = response;
  const isBase64Encoded = isBinary(headers.get('content-type'), headers.get('content-encoding'));
  const body = isBase64Encoded
    ? Buffer.from(await response.arrayBuffer()).toString('base64')
    : await response.text();
  const cookies = headers.getSetCookie();
  const result: LambdaHttpResult = { body, statusCode: response.status, isBase64Encoded };

  if ('multiValueHeaders' in event && event.multiValueHeaders) {
    const multiValueHeaders: Record<string, string[]> = {};
    if (cookies.length > 0) multiValueHeaders['set-cookie'] = cookies;
    headers.forEach((value, name) => {
      if (name !== 'set-cookie') multiValueHeaders[name] = [value];
    });
    result.multiValueHeaders = multiValueHeaders;
    return result;
  }
  const single: Record<string, string> = {};
  // An ALB without multi-value headers takes one Set-Cookie only.
  if (cookies.length > 0 && isAlbEvent(event)) single['set-cookie'] = cookies[0] as string;
  headers.forEach((value, name) => {
    if (name !== 'set-cookie') single[name] = value;
  });
  result.headers = single;
  if (cookies.length > 0 && !isAlbEvent(event)) result.cookies = cookies;
  return result;
}
