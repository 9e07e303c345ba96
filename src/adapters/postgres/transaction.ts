import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import { sqlState } from './errors.js';

export type IsolationLevel = 'read committed' | 'repeatable read' | 'serializable';

export interface TransactionOptions {
  /** Default read committed: our writes guard themselves with row locks and conditional updates. */
  isolation?: IsolationLevel;
  /** Total tries for a transaction the server aborted to resolve a conflict (40001, 40P01). Default 4. */
  attempts?: number;
}

// The server rolled the whole transaction back to break a conflict: running it again is safe and usually wins.
const RETRYABLE_STATES = new Set(['40001', '40P01']);
const BACKOFF_BASE_MS = 10;
const BACKOFF_CAP_MS = 200;

/**
 * Runs `work` in one transaction on one pooled connection: COMMIT when it returns, ROLLBACK when it throws.
 * Serialization failures and deadlocks are retried (see retryingConflicts).
 */
export function withTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  const isolation = options.isolation ?? 'read committed';
  return retryingConflicts(() => runOnce(pool, work, isolation), options.attempts);
}

/**
 * Runs `attempt` (a whole transaction, or one statement that is its own) again when the server rolled it
 * back to break a conflict (serialization failure, deadlock), with full-jitter backoff so the transactions
 * that collided do not collide again in lockstep, at most `attempts` times in all; the last failure is
 * thrown as the driver raised it.
 */
export async function retryingConflicts<T>(attempt: () => Promise<T>, attempts = 4): Promise<T> {
  for (let tried = 1; ; tried++) {
    try {
      return await attempt();
    } catch (error) {
      const state = sqlState(error);
      if (tried >= attempts || state === undefined || !RETRYABLE_STATES.has(state)) throw error;
      await sleep(Math.random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** tried));
    }
  }
}

async function runOnce<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
  isolation: IsolationLevel,
): Promise<T> {
  const client = await pool.connect();
  // The pool stops listening to a client while it is checked out: a connection dying between two of our
  // statements would otherwise be an unhandled 'error' event, which crashes the process.
  let broken: Error | undefined;
  const onError = (error: Error) => {
    broken = error;
  };
  client.on('error', onError);
  let discard = false;
  try {
    await client.query(`BEGIN ISOLATION LEVEL ${isolation.toUpperCase()}`);
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    // A connection that broke, timed out on a read (its statement may still be running) or whose ROLLBACK
    // fails is in an unknown state: it is closed rather than returned to the pool.
    discard =
      broken !== undefined ||
      (error instanceof Error && error.message === 'Query read timeout') ||
      (await client.query('ROLLBACK').then(
        () => false,
        () => true,
      ));
    throw error;
  } finally {
    client.off('error', onError);
    client.release(discard ? (broken ?? true) : undefined);
  }
}
