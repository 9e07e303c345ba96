import type pg from 'pg';
import type { CheckoutSettingsQuery } from '../../app/ports/order-store.js';
import { BoundedMap } from '../../domain/shared/bounded-map.js';
import { readCheckoutSettings, type SettingsRead } from './checkout-settings-read.js';

/**
 * The checkout settings last read, per query, in memory. Safe to price an order with however old they
 * are: `place_order` confirms them under its locks and refuses the order if they changed (the order is then
 * priced again with fresh ones), so a stale entry costs a retry, never a wrong price. It takes the settings
 * read off checkout's path: settings change a few times a year, orders arrive many times a second.
 * Bounded: the oldest entry goes first (queries are country x method x code).
 *
 * @example
 *   const settings = createCheckoutSettingsCache(pool);
 *   const read = settings.remembered(query) ?? (await settings.refresh(query));
 */
export function createCheckoutSettingsCache(pool: pg.Pool, maxEntries = 1000) {
  const entries = new BoundedMap<string, SettingsRead>(maxEntries);
  const keyOf = (query: CheckoutSettingsQuery) =>
    JSON.stringify([query.taxCountry, query.shippingMethodId ?? null, query.discountCode ?? null]);
  return {
    remembered(query: CheckoutSettingsQuery): SettingsRead | undefined {
      return entries.get(keyOf(query));
    },
    /** Reads the settings now and remembers them. */
    async refresh(query: CheckoutSettingsQuery): Promise<SettingsRead> {
      const read = await readCheckoutSettings(pool, query);
      entries.set(keyOf(query), read);
      return read;
    },
  };
}

export type CheckoutSettingsCache = ReturnType<typeof createCheckoutSettingsCache>;
