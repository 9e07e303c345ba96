import { DomainError, UnavailableError } from '../../domain/shared/errors.js';
import { hasNetworkErrorCode } from '../shared/network-errors.js';

/**
 * A DynamoDB failure that is neither an invariant nor transient: a bug or a misconfiguration (missing
 * table, wrong permissions). DynamoDB's error stays in `cause` for the logs; the message never reaches clients.
 */
export class StorageError extends Error {
  constructor(message: string, options: { cause: unknown }) {
    super(message, options);
    this.name = 'StorageError';
  }
}

// Errors that say "not now" rather than "never": callers should retry after a moment.
const TRANSIENT_NAMES = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
]);

export function isConditionFailed(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

export function isTransient(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const serverSide = ((error as { status?: unknown }).status as number) >= 500;
  return TRANSIENT_NAMES.has(error.name) || serverSide || hasNetworkErrorCode(error);
}

/** Turns whatever the client threw into an error the layers above understand. */
export function toStorageFailure(error: unknown): Error {
  if (error instanceof DomainError) return error;
  if (isTransient(error)) {
    return new UnavailableError('The catalog storage is busy or unreachable: retry in a moment.', {
      retryAfterSeconds: 1,
      cause: error,
    });
  }
  return new StorageError('A catalog storage request failed.', { cause: error });
}
