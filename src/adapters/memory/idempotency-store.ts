import { type Clock, systemClock } from '../../app/ports/clock.js';
import type { IdempotencyStore } from '../../app/ports/idempotency-store.js';
import {
  claimOutcome,
  type IdempotencyRecord,
  isReplaceable,
  newClaimRecord,
} from '../shared/idempotency-record.js';

/**
 * Idempotency records in a Map, with the DynamoDB store's rules (expired records count as absent, a crashed
 * claim frees its key after `lockSeconds`). Each call runs without awaiting, so claims are atomic.
 */
export function createMemoryIdempotencyStore(clock: Clock = systemClock): IdempotencyStore {
  const records = new Map<string, IdempotencyRecord>();

  function live(key: string): IdempotencyRecord | undefined {
    const record = records.get(key);
    if (record !== undefined && record.expiresAt <= Math.floor(clock.now().getTime() / 1000)) {
      records.delete(key);
      return undefined;
    }
    return record;
  }

  return {
    async claim(key, fingerprint, options) {
      const nowMs = clock.now().getTime();
      const record = records.get(key);
      if (record === undefined || isReplaceable(record, nowMs)) {
        records.set(key, newClaimRecord(fingerprint, nowMs, options));
        return { state: 'claimed' };
      }
      return structuredClone(claimOutcome(record, fingerprint));
    },

    async complete(key, response) {
      const record = live(key);
      // Nothing to complete when the record expired meanwhile: the next request simply runs again.
      if (record === undefined) return;
      records.set(key, { ...record, state: 'completed', response: structuredClone(response) });
    },

    async release(key) {
      // A completed record stays: releasing must never forget a response that was already sent.
      if (live(key)?.state === 'in_progress') records.delete(key);
    },
  };
}
