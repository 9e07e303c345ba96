import { createLambdaHandler, type FetchApp } from '../../src/http/lambda/lambda-adapter.js';
import { nativeFetchClass } from '../../src/http/lambda/native-fetch-classes.js';
import { apiGatewayV2Event, lambdaContext } from '../fixtures/lambda-events.js';

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/**
 * `app.request(path, init)` served the way API Gateway serves the Lambda function: the request becomes a
 * payload 2.0 event (text bodies as they are, any other body base64-encoded), goes through the Lambda
 * adapter, and the result becomes a Node Response again, Set-Cookie values included.
 */
export function lambdaRequest(app: FetchApp): (path: string, init?: RequestInit) => Promise<Response> {
  const handle = createLambdaHandler(app);
  const NativeRequest = nativeFetchClass('Request');
  const NativeResponse = nativeFetchClass('Response');
  const NativeHeaders = nativeFetchClass('Headers');

  return async (path, init = {}) => {
    // Node's Request reads any body and header form a test may pass, and refuses what fetch would refuse.
    const request = new NativeRequest(new URL(path, 'http://localhost'), init);
    const url = new URL(request.url);
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    const bytes = request.body === null ? undefined : Buffer.from(await request.arrayBuffer());
    // Payload 2.0 carries the Cookie header as a list of cookies.
    const cookies = headers.cookie?.split(/;\s*/);
    delete headers.cookie;
    const event = apiGatewayV2Event({
      method: request.method,
      path: url.pathname,
      query: url.search.slice(1),
      headers,
    });
    if (cookies !== undefined) event.cookies = cookies;
    if (bytes !== undefined) {
      const text = typeof init.body === 'string';
      Object.assign(event, {
        body: text ? bytes.toString('utf8') : bytes.toString('base64'),
        isBase64Encoded: !text,
      });
    }

    const result = await handle(event, lambdaContext());
    const responseHeaders = new NativeHeaders(result.headers);
    for (const cookie of result.cookies ?? []) responseHeaders.append('set-cookie', cookie);
    const body = NULL_BODY_STATUSES.has(result.statusCode)
      ? null
      : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8');
    return new NativeResponse(body, { status: result.statusCode, headers: responseHeaders });
  };
}
