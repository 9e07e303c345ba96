import { MAX_STOCK } from '../../domain/ordering/inventory.js';
import {
  ConflictError,
  DomainError,
  UnavailableError,
  UnprocessableError,
} from '../../domain/shared/errors.js';
import { hasNetworkErrorCode } from '../shared/network-errors.js';

/**
 * A PostgreSQL failure that is neither a broken rule nor transient: a bug or a misconfiguration (missing
 * table, wrong permissions). The driver error stays in `cause` for the logs; the message never reaches clients.
 */
export class DatabaseError extends Error {
  constructor(message: string, options: { cause: unknown }) {
    super(message, options);
    this.name = 'DatabaseError';
  }
}

// SQLSTATEs that mean "not now" rather than "never" (https://www.postgresql.org/docs/current/errcodes-appendix.html).
const TRANSIENT_STATES = new Set([
  '40001', // serialization_failure: still failing after our own retries
  '40P01', // deadlock_detected: idem
  '55P03', // lock_not_available: lock_timeout fired
  '57014', // query_canceled: statement_timeout fired
  '57P01', // admin_shutdown: the server is stopping (restart, failover)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up or in recovery
  '53300', // too_many_connections
  '25P03', // idle_in_transaction_session_timeout
]);
// node-postgres raises these without a code: a dead socket, a connect or read timeout, an exhausted pool.
const DRIVER_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Query read timeout',
  'is not queryable',
];

/**
 * Text the database cannot hold: 22021 character_not_in_repertoire (U+0000, or bytes that are no UTF-8),
 * 22P05 untranslatable_character (a character the server's encoding lacks). The API refuses such text in
 * what clients send; this catches what was stored before that check (a product name snapshotted into an
 * order), so the client hears that its request cannot be served instead of getting a 500.
 */
const UNSTORABLE_TEXT_STATES = new Set(['22021', '22P05']);

/** How long a client should wait before retrying, by kind of trouble: contention clears faster than an outage. */
const BUSY_RETRY_AFTER_SECONDS = 1;
const DOWN_RETRY_AFTER_SECONDS = 2;

export function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

function isBusy(state: string | undefined): boolean {
  return state !== undefined && TRANSIENT_STATES.has(state) && !state.startsWith('57P') && state !== '53300';
}

export function isTransient(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const state = sqlState(error);
  if (state !== undefined) return TRANSIENT_STATES.has(state) || state.startsWith('08');
  if (hasNetworkErrorCode(error)) return true;
  if (DRIVER_MESSAGES.some((text) => error.message.includes(text))) return true;
  // A connect timeout wraps the socket error; Node's dual-stack connect wraps several in an AggregateError.
  return error.cause !== undefined && error.cause !== error && isTransient(error.cause);
}

/** CHECK constraints that are business rules (named in the migrations), with what a client should read. */
const RULES: Record<string, string> = {
  inventory_available_not_negative: 'Stock cannot go below zero.',
  inventory_available_at_most_max: `Stock cannot exceed ${withThousands(MAX_STOCK)} units.`,
};

/**
 * 1000000000 -> "1,000,000,000". Not toLocaleString: its first call loads ICU's locale data, 14-19 ms
 * measured, and this module loads at every Lambda cold start.
 */
function withThousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+$)/g, ',');
}

/** Turns whatever the driver threw into an error the layers above understand. */
export function toDatabaseFailure(error: unknown): Error {
  if (error instanceof DomainError) return error;
  if (isTransient(error)) {
    const busy = isBusy(sqlState(error));
    return new UnavailableError(
      busy
        ? 'The order database is busy: retry in a moment.'
        : 'The order database is unreachable: retry in a moment.',
      { retryAfterSeconds: busy ? BUSY_RETRY_AFTER_SECONDS : DOWN_RETRY_AFTER_SECONDS, cause: error },
    );
  }
  const state = sqlState(error);
  if (state !== undefined && UNSTORABLE_TEXT_STATES.has(state)) {
    return new UnprocessableError(
      'This request holds text the order database cannot store (a control character such as U+0000).',
      [],
      { cause: error },
    );
  }
  const constraint = (error as { constraint?: unknown }).constraint;
  // Object.hasOwn: a constraint named like an Object.prototype member ("constructor") is no rule of ours.
  if (state === '23514' && typeof constraint === 'string' && Object.hasOwn(RULES, constraint)) {
    return new ConflictError(RULES[constraint] as string);
  }
  return new DatabaseError('An order database request failed.', { cause: error });
}

/** Runs one store operation so that nothing but domain errors, UnavailableError or DatabaseError leaves it. */
export async function translatingErrors<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw toDatabaseFailure(error);
  }
}
