import type { IdempotencyClaim, StoredResponse } from '../../app/ports/idempotency-store.js';

/** One idempotency record as every adapter stores it. Times are epoch based, as DynamoDB TTL wants them. */
export interface IdempotencyRecord {
  fingerprint: string;
  state: 'in_progress' | 'completed';
  response?: StoredResponse;
  /** Epoch seconds (the DynamoDB TTL attribute): the record counts as absent from this second on. */
  expiresAt: number;
  /** Epoch milliseconds: an unfinished claim older than this was left by a crashed request. */
  lockedUntil: number;
}

export function newClaimRecord(
  fingerprint: string,
  nowMs: number,
  options: { ttlSeconds: number; lockSeconds: number },
): IdempotencyRecord {
  return {
    fingerprint,
    state: 'in_progress',
    expiresAt: Math.floor(nowMs / 1000) + options.ttlSeconds,
    lockedUntil: nowMs + options.lockSeconds * 1000,
  };
}

/**
 * Whether a new claim may replace the stored record: it expired (TTL deletes lazily, so expired records
 * are still read back) or it is an unfinished claim whose lock ran out.
 */
export function isReplaceable(record: IdempotencyRecord, nowMs: number): boolean {
  return (
    record.expiresAt <= Math.floor(nowMs / 1000) ||
    (record.state === 'in_progress' && record.lockedUntil <= nowMs)
  );
}

/** What a request learns about a live record it could not claim. */
export function claimOutcome(record: IdempotencyRecord, fingerprint: string): IdempotencyClaim {
  if (record.fingerprint !== fingerprint) return { state: 'mismatch' };
  if (record.state === 'completed' && record.response !== undefined) {
    return { state: 'completed', response: record.response };
  }
  return { state: 'in_progress' };
}
