import { describe, expect, it } from 'vitest';
import { createVerifiedTokens } from './verified-tokens.js';

describe('verified tokens', () => {
  const alice = { sub: 'alice', roles: ['customer' as const] };

  it('knows a token until its exp, and not after', () => {
    let nowMs = 1_000_000;
    const verified = createVerifiedTokens(10, () => nowMs);
    expect(verified.get('t1')).toBeUndefined();
    verified.remember('t1', alice, 1_060); // exp: 60 s after now
    expect(verified.get('t1')).toEqual(alice);
    nowMs = 1_060_000;
    expect(verified.get('t1')).toBeUndefined();
  });

  it('evicts the oldest entry when full, so distinct tokens cannot grow it without bound', () => {
    const verified = createVerifiedTokens(2, () => 0);
    verified.remember('t1', alice, 60);
    verified.remember('t2', { ...alice, sub: 'bob' }, 60);
    verified.remember('t3', { ...alice, sub: 'carol' }, 60);
    expect(verified.get('t1')).toBeUndefined();
    expect(verified.get('t2')?.sub).toBe('bob');
    expect(verified.get('t3')?.sub).toBe('carol');
  });
});
