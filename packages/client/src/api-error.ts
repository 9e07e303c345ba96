import type { components } from './generated/openapi.js';

/** An RFC 9457 problem as the API sends it (`application/problem+json`). */
export type Problem = components['schemas']['Problem'];

/** One offending field of a 400, 409 or 422: `price.amount`, `query.limit`, `header.if-match`. */
export interface FieldError {
  path: string;
  message: string;
}

/**
 * A response outside 2xx/304, with the problem the API sent. `errors` is empty when the problem names no
 * field; `requestId` is what to quote when reporting it.
 *
 * @example
 * try { await client.getProduct('nope') } catch (error) {
 *   if (error instanceof ApiError && error.status === 404) ...
 * }
 */
export class ApiError extends Error {
  override name = 'ApiError';
  readonly status: number;
  readonly title: string;
  readonly detail: string;
  readonly errors: readonly FieldError[];
  readonly requestId: string | undefined;
  /** The whole body: a 409 of POST /orders for want of stock also names its `products`. */
  readonly problem: Readonly<Record<string, unknown>>;

  constructor(status: number, problem: Partial<Problem> & Record<string, unknown>) {
    const title = typeof problem.title === 'string' ? problem.title : `HTTP ${status}`;
    const detail = typeof problem.detail === 'string' ? problem.detail : '';
    super(detail === '' ? `${status} ${title}` : `${status} ${title}: ${detail}`);
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.errors = Array.isArray(problem.errors) ? problem.errors : [];
    this.requestId = typeof problem.requestId === 'string' ? problem.requestId : undefined;
    this.problem = problem;
  }
}

/**
 * 412: the ETag sent with If-Match is no longer the resource's. Read it again (`get...` returns the new
 * ETag), re-apply the change, and send it again.
 */
export class PreconditionFailedError extends ApiError {
  override name = 'PreconditionFailedError';
}

/** The ApiError for a response, from its problem+json body (or its status alone when it has none). */
export function apiErrorOf(response: Response, body: unknown): ApiError {
  const problem = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  return response.status === 412
    ? new PreconditionFailedError(response.status, problem)
    : new ApiError(response.status, problem);
}
