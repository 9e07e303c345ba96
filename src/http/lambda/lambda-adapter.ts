import { httpEventOf, requestFromEvent } from './lambda-events.js';
import { type LambdaHttpResult, type ResponseLike, resultFromResponse } from './lambda-result.js';
import type { LightRequest } from './light-request.js';
import { LightResponse } from './light-response.js';

/** The app as the adapter calls it: Hono's `app.fetch` (typed loosely: its Request is Node's type). */
export interface FetchApp {
  fetch(request: Request, env: LambdaEnv): ResponseLike | Promise<ResponseLike>;
}

/** What handlers see as `c.env`: the same object hono/aws-lambda passed, so requestContext.requestId stays. */
export interface LambdaEnv {
  event: unknown;
  requestContext: unknown;
  lambdaContext: unknown;
}

export interface LambdaAdapterOptions {
  /** Told about an event that is no valid HTTP request (the client gets 400 "Invalid request"). */
  onInvalidRequest?: (error: unknown) => void;
}

/**
 * The Hono app as a Lambda handler for API Gateway HTTP API (payload 2.0) and ALB events, built on the
 * light Request/Response (no undici on the request path). Results have the shapes hono/aws-lambda gave.
 * Other event shapes are refused with UnsupportedLambdaEventError (the invocation fails).
 */
export function createLambdaHandler(app: FetchApp, options: LambdaAdapterOptions = {}) {
  return async (event: unknown, lambdaContext?: unknown): Promise<LambdaHttpResult> => {
    const httpEvent = httpEventOf(event);
    let request: LightRequest;
    try {
      request = requestFromEvent(httpEvent);
    } catch (error) {
      options.onInvalidRequest?.(error);
      const invalid =
        error instanceof TypeError
          ? new LightResponse('Invalid request', { status: 400 })
          : new LightResponse('Internal Server Error', { status: 500 });
      return resultFromResponse(httpEvent, invalid);
    }
    const env = { event, requestContext: httpEvent.requestContext, lambdaContext };
    const response = await app.fetch(request as unknown as Request, env);
    return resultFromResponse(httpEvent, response);
  };
}
