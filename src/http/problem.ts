import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Logger } from '../app/ports/logger.js';
import { DomainError, type ErrorKind, type FieldError, UnavailableError } from '../domain/shared/errors.js';
import type { AppEnv } from './app-env.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** The one place where a transport-neutral error kind becomes an HTTP status. */
export const STATUS_BY_KIND: Record<ErrorKind, ContentfulStatusCode> = {
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  precondition_failed: 412,
  unprocessable: 422,
  precondition_required: 428,
  unavailable: 503,
};

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Our wording for the errors Hono raises itself (its messages are terse). */
const HTTP_EXCEPTION_DETAILS: Record<number, string> = {
  400: 'The request body is not valid JSON.',
  415: 'Send the request body as JSON: application/json (or application/merge-patch+json for PATCH).',
};

/** RFC 9457 problem details. `type` stays about:blank: the status and `errors[].path` say what went wrong. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
  /** Quote it when reporting a problem: it is in our logs. */
  requestId?: string;
}

export function problemResponse(
  c: Context<AppEnv>,
  status: ContentfulStatusCode,
  detail: string,
  options: { errors?: FieldError[]; headers?: Record<string, string> } = {},
): Response {
  const problem: Problem = {
    type: 'about:blank',
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    ...(options.errors && options.errors.length > 0 ? { errors: options.errors } : {}),
    requestId: c.get('requestId'),
  };
  return c.body(JSON.stringify(problem), status, {
    ...options.headers,
    'content-type': PROBLEM_CONTENT_TYPE,
  });
}

/**
 * Every error becomes problem+json here (app.onError): domain errors by kind, Hono's own HTTP errors
 * (malformed JSON, unsupported media type, body too large) by status, anything else as a 500 that is
 * logged in full and described to the client only by its request id.
 */
export function errorResponse(error: Error, c: Context<AppEnv>, logger: Logger): Response {
  if (error instanceof DomainError) {
    const headers: Record<string, string> = {};
    if (error instanceof UnavailableError) {
      headers['retry-after'] = String(error.retryAfterSeconds);
      logger.warn('dependency unavailable', { requestId: c.get('requestId'), error: describe(error) });
    }
    if (error.kind === 'unauthenticated') {
      const presented = c.req.header('authorization') !== undefined;
      headers['www-authenticate'] = presented
        ? 'Bearer realm="slimshop", error="invalid_token"'
        : 'Bearer realm="slimshop"';
    }
    return problemResponse(c, STATUS_BY_KIND[error.kind], error.message, { errors: error.errors, headers });
  }
  if (error instanceof HTTPException && error.status < 500) {
    const status = error.status as ContentfulStatusCode;
    const errors = status === 400 ? [{ path: 'body', message: 'is not valid JSON' }] : undefined;
    const detail = HTTP_EXCEPTION_DETAILS[status] ?? error.message ?? TITLES[status] ?? 'Error';
    return problemResponse(c, status, detail, { errors });
  }
  logger.error('unhandled error', { requestId: c.get('requestId'), error: describe(error) });
  return problemResponse(
    c,
    500,
    `Something went wrong on our side. Quote request id ${c.get('requestId')} if you report it.`,
  );
}

function describe(error: Error): Record<string, unknown> {
  const cause = error.cause instanceof Error ? describe(error.cause) : error.cause;
  return { name: error.name, message: error.message, stack: error.stack, ...(cause ? { cause } : {}) };
}
