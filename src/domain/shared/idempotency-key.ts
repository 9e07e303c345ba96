import { ConflictError, UnprocessableError } from './errors.js';

/**
 * The `Idempotency-Key` rules every retryable POST shares, whichever store keeps the key (DynamoDB for
 * most routes, PostgreSQL for POST /orders), so clients meet one format and one wording everywhere.
 */
export const IDEMPOTENCY_KEY_FORMAT = /^[\x21-\x7e]{1,255}$/;
export const IDEMPOTENCY_KEY_FORMAT_MESSAGE = 'must be 1-255 printable ASCII characters';

export function idempotencyKeyReusedError(): UnprocessableError {
  return new UnprocessableError('This Idempotency-Key was already used with a different request body.', [
    { path: 'header.idempotency-key', message: 'was used with a different request body' },
  ]);
}

export function idempotencyKeyInProgressError(): ConflictError {
  return new ConflictError(
    'A request with this Idempotency-Key is still being processed: retry in a moment.',
  );
}
