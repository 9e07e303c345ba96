import { CART_TTL_SECONDS } from '../../domain/ordering/cart.js';

/**
 * When a cart changed at `now` expires, in whole seconds: DynamoDB's TTL attribute is epoch seconds, and a
 * cart read back must show the same `expiresAt` the change returned. Every cart store and the use cases
 * use this one rule.
 */
export function cartExpiry(now: Date): { epochSeconds: number; iso: string } {
  const epochSeconds = Math.floor(now.getTime() / 1000) + CART_TTL_SECONDS;
  return { epochSeconds, iso: new Date(epochSeconds * 1000).toISOString() };
}

/** A cart whose expiry is at or before `now` counts as absent, whether or not TTL has deleted it yet. */
export function isCartLive(expiresAtEpochSeconds: number, now: Date): boolean {
  return expiresAtEpochSeconds > Math.floor(now.getTime() / 1000);
}
