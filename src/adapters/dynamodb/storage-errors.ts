import { DomainError, UnavailableError } from '../../domain/shared/errors.js';
import { isRetryable } from './dynamodb-http.js';

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

export function isConditionFailed(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

/** Turns whatever the client threw into an error the layers above understand. */
export function toStorageFailure(error: unknown): Error {
  if (error instanceof DomainError) return error;
  // What the client retries is what callers should retry after a moment, once its own attempts are spent.
  if (isRetryable(error)) {
    return new UnavailableError('The catalog storage is busy or unreachable: retry in a moment.', {
      retryAfterSeconds: 1,
      cause: error,
    });
  }
  return new StorageError('A catalog storage request failed.', { cause: error });
}
