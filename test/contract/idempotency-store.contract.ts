import { describe, expect, it } from 'vitest';
import type { IdempotencyStore, StoredResponse } from '../../src/app/ports/idempotency-store.js';
import { type ManualClock, manualClock } from './fixtures.js';

export type IdempotencyStoreFactory = (clock: ManualClock) => Promise<IdempotencyStore>;

const OPTIONS = { ttlSeconds: 3600, lockSeconds: 30 };
const RESPONSE: StoredResponse = {
  status: 201,
  headers: { location: '/products/abc', etag: '"1"', 'content-type': 'application/json' },
  body: '{"id":"abc","name":"Café"}',
};

/** The IdempotencyStore port's contract (src/app/ports/idempotency-store.ts), run against every adapter. */
export function describeIdempotencyStoreContract(name: string, factory: IdempotencyStoreFactory): void {
  async function setUp() {
    const clock = manualClock();
    return { clock, store: await factory(clock) };
  }

  describe(`IdempotencyStore contract: ${name}`, () => {
    it('claims a new key once; a retry meanwhile is in progress, another body is a mismatch', async () => {
      const { store } = await setUp();
      expect(await store.claim('k1', 'body-a', OPTIONS)).toEqual({ state: 'claimed' });
      expect(await store.claim('k1', 'body-a', OPTIONS)).toEqual({ state: 'in_progress' });
      expect(await store.claim('k1', 'body-b', OPTIONS)).toEqual({ state: 'mismatch' });
      expect(await store.claim('k2', 'body-a', OPTIONS)).toEqual({ state: 'claimed' });
    });

    it('replays the exact stored response after completion', async () => {
      const { store } = await setUp();
      await store.claim('k', 'body', OPTIONS);
      await store.complete('k', RESPONSE);
      expect(await store.claim('k', 'body', OPTIONS)).toEqual({ state: 'completed', response: RESPONSE });
      expect(await store.claim('k', 'other', OPTIONS)).toEqual({ state: 'mismatch' });
    });

    it('forgets a released claim, but never a completed one', async () => {
      const { store } = await setUp();
      await store.claim('k', 'body', OPTIONS);
      await store.release('k');
      expect(await store.claim('k', 'other-body', OPTIONS)).toEqual({ state: 'claimed' });
      await store.complete('k', RESPONSE);
      await store.release('k');
      expect(await store.claim('k', 'other-body', OPTIONS)).toEqual({
        state: 'completed',
        response: RESPONSE,
      });
    });

    it('treats expired records as absent', async () => {
      const { store, clock } = await setUp();
      await store.claim('k', 'body', OPTIONS);
      await store.complete('k', RESPONSE);
      clock.advance(OPTIONS.ttlSeconds * 1000 - 1000);
      expect((await store.claim('k', 'body', OPTIONS)).state).toBe('completed');
      clock.advance(1000);
      expect(await store.claim('k', 'new-body', OPTIONS)).toEqual({ state: 'claimed' });
    });

    it('frees a key whose claim was left by a crashed request once its lock runs out', async () => {
      const { store, clock } = await setUp();
      await store.claim('k', 'body', OPTIONS);
      clock.advance(OPTIONS.lockSeconds * 1000 - 1);
      expect(await store.claim('k', 'body', OPTIONS)).toEqual({ state: 'in_progress' });
      clock.advance(1);
      expect(await store.claim('k', 'body', OPTIONS)).toEqual({ state: 'claimed' });
    });

    it('lets exactly one of many concurrent claims of a key run', async () => {
      const { store } = await setUp();
      const outcomes = await Promise.all(
        Array.from({ length: 10 }, () => store.claim('hot', 'body', OPTIONS)),
      );
      expect(outcomes.filter((outcome) => outcome.state === 'claimed')).toHaveLength(1);
      expect(outcomes.filter((outcome) => outcome.state === 'in_progress')).toHaveLength(9);
    });
  });
}
