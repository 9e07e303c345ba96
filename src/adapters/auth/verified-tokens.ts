import { createHash } from 'node:crypto';
import type { Principal } from '../../app/ports/token-verifier.js';
import { BoundedMap } from '../../domain/shared/bounded-map.js';

/**
 * Principals of tokens already verified, by the SHA-256 of the token, until the token's `exp`: a signature
 * check (ES256 or RS256) costs far more CPU than a hash, and a client sends the same token with every
 * request for its whole lifetime. Keyed by the hash, so the cache holds no usable credential. Bounded: the
 * oldest entry goes first when it is full (a flood of distinct tokens evicts, it does not grow memory).
 *
 * @example
 *   const verified = createVerifiedTokens();
 *   const principal = verified.get(token) ?? verified.remember(token, await verifySignature(token), exp);
 */
export function createVerifiedTokens(maxEntries = 10_000, now = () => Date.now()) {
  const entries = new BoundedMap<string, { principal: Principal; expiresAtMs: number }>(maxEntries);
  const keyOf = (token: string) => createHash('sha256').update(token).digest('base64url');
  return {
    get(token: string): Principal | undefined {
      const key = keyOf(token);
      const entry = entries.get(key);
      if (entry === undefined) return undefined;
      if (now() < entry.expiresAtMs) return entry.principal;
      entries.delete(key);
      return undefined;
    },
    /** Keeps the principal until `expSeconds` (the token's `exp` claim); returns it. */
    remember(token: string, principal: Principal, expSeconds: number): Principal {
      entries.set(keyOf(token), { principal, expiresAtMs: expSeconds * 1000 });
      return principal;
    },
  };
}
