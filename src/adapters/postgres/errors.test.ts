import { describe, expect, it } from 'vitest';
import {
  ConflictError,
  NotFoundError,
  UnavailableError,
  UnprocessableError,
} from '../../domain/shared/errors.js';
import { DatabaseError, toDatabaseFailure } from './errors.js';

/** What node-postgres raises: a server error carries the SQLSTATE in `code`, network errors Node's code. */
function pgError(code: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(`server said ${code}`), { code, ...extra });
}

describe('toDatabaseFailure', () => {
  it.each([
    ['a refused connection', pgError('ECONNREFUSED'), 2],
    ['a reset connection', pgError('ECONNRESET'), 2],
    ['the server shutting down', pgError('57P01'), 2],
    ['the server starting up', pgError('57P03'), 2],
    ['a connection exception', pgError('08006'), 2],
    ['too many connections', pgError('53300'), 2],
    ['a statement timeout', pgError('57014'), 1],
    ['a lock timeout', pgError('55P03'), 1],
    ['a deadlock still there after retries', pgError('40P01'), 1],
    ['an exhausted pool', new Error('timeout exceeded when trying to connect'), 2],
    ['a dead socket', new Error('Connection terminated unexpectedly'), 2],
    ['a frozen server', new Error('Query read timeout'), 2],
    [
      'a connect timeout wrapping the socket error',
      new Error('Connection terminated due to connection timeout', { cause: pgError('ETIMEDOUT') }),
      2,
    ],
    [
      "Node's dual-stack connect",
      Object.assign(new AggregateError([pgError('ECONNREFUSED')], ''), { code: 'ECONNREFUSED' }),
      2,
    ],
  ])('turns %s into UnavailableError with Retry-After and the driver error as cause', (_, error, seconds) => {
    const failure = toDatabaseFailure(error);
    expect(failure).toBeInstanceOf(UnavailableError);
    expect((failure as UnavailableError).retryAfterSeconds).toBe(seconds);
    expect(failure.cause).toBe(error);
    expect(failure.message).not.toContain('server said');
  });

  it('turns a named stock rule into a conflict a client can read', () => {
    const failure = toDatabaseFailure(pgError('23514', { constraint: 'inventory_available_not_negative' }));
    expect(failure).toEqual(new ConflictError('Stock cannot go below zero.'));
  });

  it.each([
    ['U+0000 in a text value (22021)', pgError('22021')],
    ['a character the server encoding lacks (22P05)', pgError('22P05')],
  ])('turns %s into a 422 a client can read, never a 500', (_, error) => {
    const failure = toDatabaseFailure(error);
    expect(failure).toBeInstanceOf(UnprocessableError);
    expect(failure.message).toContain('cannot store');
    expect(failure.cause).toBe(error);
  });

  it('reads no rule from Object.prototype for a constraint named "constructor"', () => {
    const failure = toDatabaseFailure(pgError('23514', { constraint: 'constructor' }));
    expect(failure).toBeInstanceOf(DatabaseError);
  });

  it('keeps anything else a server-side DatabaseError whose message says nothing of the driver', () => {
    for (const error of [
      pgError('42P01'),
      pgError('23514', { constraint: 'orders_status_known' }),
      new Error('x'),
    ]) {
      const failure = toDatabaseFailure(error);
      expect(failure).toBeInstanceOf(DatabaseError);
      expect(failure.message).toBe('An order database request failed.');
      expect(failure.cause).toBe(error);
    }
  });

  it('passes domain errors through untouched', () => {
    const error = new NotFoundError('no such order');
    expect(toDatabaseFailure(error)).toBe(error);
  });
});
