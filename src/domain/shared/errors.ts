/**
 * Domain errors carry a transport-neutral `kind`; the HTTP layer maps kinds to status codes in one place.
 * Messages are written for API clients: never put SDK or driver text in them (keep that in `cause`).
 */
export type ErrorKind =
  | 'validation' // 400: the request is malformed
  | 'unauthenticated' // 401
  | 'forbidden' // 403
  | 'not_found' // 404
  | 'conflict' // 409: clashes with current state (duplicate SKU, category in use, request in flight)
  | 'precondition_failed' // 412: If-Match did not match
  | 'unprocessable' // 422: well-formed but refers to something that does not exist or does not fit
  | 'precondition_required' // 428: If-Match missing where required
  | 'unavailable'; // 503: a dependency is down; retry later

export interface FieldError {
  /** JSON-pointer-like dotted path of the offending field, e.g. `price.amount` or `query.limit`. */
  path: string;
  message: string;
}

export class DomainError extends Error {
  readonly kind: ErrorKind;
  readonly errors: FieldError[];

  constructor(kind: ErrorKind, message: string, options: { errors?: FieldError[]; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.kind = kind;
    this.errors = options.errors ?? [];
  }
}

export class ValidationError extends DomainError {
  constructor(message: string, errors: FieldError[] = []) {
    super('validation', message, { errors });
  }
}

export class NotFoundError extends DomainError {
  constructor(message: string) {
    super('not_found', message);
  }
}

export class ConflictError extends DomainError {
  constructor(message: string, errors: FieldError[] = []) {
    super('conflict', message, { errors });
  }
}

export class PreconditionFailedError extends DomainError {
  constructor(message = 'The resource has changed since you last read it: fetch it again and retry.') {
    super('precondition_failed', message);
  }
}

export class PreconditionRequiredError extends DomainError {
  constructor(message = 'This request must carry an If-Match header with the ETag you last read.') {
    super('precondition_required', message);
  }
}

export class UnprocessableError extends DomainError {
  constructor(message: string, errors: FieldError[] = [], options: { cause?: unknown } = {}) {
    super('unprocessable', message, { errors, cause: options.cause });
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(message = 'A valid bearer token is required.', options: { cause?: unknown } = {}) {
    super('unauthenticated', message, options);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'Your role does not allow this operation.') {
    super('forbidden', message);
  }
}

export class UnavailableError extends DomainError {
  /** Seconds after which a retry is sensible; sent as Retry-After. */
  readonly retryAfterSeconds: number;

  constructor(message: string, options: { retryAfterSeconds?: number; cause?: unknown } = {}) {
    super('unavailable', message, { cause: options.cause });
    this.retryAfterSeconds = options.retryAfterSeconds ?? 1;
  }
}
