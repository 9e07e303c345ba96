import { ConflictError, PreconditionFailedError } from '../../domain/shared/errors.js';

/** Returned by an attempt whose conditional write lost against a concurrent writer. */
export const LOST_RACE: unique symbol = Symbol('lost race');

const MAX_ATTEMPTS = 3;

/**
 * Read-check-write with optimistic concurrency. Each attempt reads the current state, checks the client's
 * own precondition (throwing PreconditionFailedError itself when that fails) and writes conditionally on
 * the version it read. When that write loses a race, the client's precondition may still hold (no If-Match,
 * `*`, or a list naming the new version), so we read again instead of blaming the client with a 412.
 */
export async function writeOptimistically<T>(attempt: () => Promise<T | typeof LOST_RACE>): Promise<T> {
  for (let tries = 1; tries <= MAX_ATTEMPTS; tries++) {
    const result = await attempt();
    if (result !== LOST_RACE) return result;
  }
  throw new ConflictError('The resource is being changed by other requests right now: retry shortly.');
}

/** Runs a conditional write, turning the storage's version mismatch into LOST_RACE. */
export async function conditionalWrite(write: () => Promise<unknown>): Promise<typeof LOST_RACE | undefined> {
  try {
    await write();
    return undefined;
  } catch (error) {
    if (error instanceof PreconditionFailedError) return LOST_RACE;
    throw error;
  }
}
