import { toDatabaseFailure } from '../adapters/postgres/errors.js';
import type { CheckoutSettingsStore } from '../app/ports/checkout-settings-store.js';
import type { EmailDeliveries } from '../app/ports/email-deliveries.js';
import type { OrderEventOutbox } from '../app/ports/order-events.js';
import type { InventoryStore, OrderStore } from '../app/ports/order-store.js';
import type { PaymentStore } from '../app/ports/payment-store.js';
import type { PostgresBackend, PostgresBackendOptions } from './postgres-backend.js';

/** The ordering database as the runtimes see it: stores usable at once, the driver loaded on first use. */
export interface LazyPostgres {
  orders: OrderStore;
  inventory: InventoryStore;
  checkoutSettings: CheckoutSettingsStore;
  payments: PaymentStore;
  /** The order event outbox: relay passes and GET /events. */
  events: OrderEventOutbox;
  /** Order emails sent, one per event (the email consumer's record). */
  emailDeliveries: EmailDeliveries;
  /**
   * Loads the driver, opens the pool and, with MIGRATE_ON_START, applies pending migrations. Servers await
   * it before listening, so /health answers only once the schema is there; failures keep their message.
   * Lambda never calls it: the first store call does the same work, once per environment.
   */
  prepare(): Promise<void>;
  /** Ends the pool if it was ever opened. */
  close(): Promise<void>;
}

/**
 * Keeps `pg` and the PostgreSQL adapters out of start-up: they sit behind a dynamic import (a separate chunk
 * in the bundle) that the first store call or prepare() triggers. On Lambda a catalog request therefore never
 * parses the driver, and migrations run on the first ordering request rather than at INIT (where a slow
 * or paused database would fail the INIT). A failed load (database down) is forgotten, so the next call
 * tries again: the service recovers without a restart.
 */
export function createLazyPostgres(options: PostgresBackendOptions): LazyPostgres {
  let loading: Promise<PostgresBackend> | undefined;

  const load = (): Promise<PostgresBackend> => {
    if (loading) return loading;
    const attempt = open(options);
    loading = attempt;
    attempt.catch(() => {
      if (loading === attempt) loading = undefined;
    });
    return attempt;
  };
  // What the API sees on a failed load: a 503 with Retry-After for an unreachable database, never a driver message.
  const loadForRequest = () =>
    load().catch((error: unknown) => {
      throw toDatabaseFailure(error);
    });

  return {
    orders: deferred(async () => (await loadForRequest()).orders, ORDER_STORE_METHODS),
    inventory: deferred(async () => (await loadForRequest()).inventory, INVENTORY_STORE_METHODS),
    checkoutSettings: deferred(
      async () => (await loadForRequest()).checkoutSettings,
      CHECKOUT_SETTINGS_STORE_METHODS,
    ),
    payments: deferred(async () => (await loadForRequest()).payments, PAYMENT_STORE_METHODS),
    events: deferred(async () => (await loadForRequest()).events, ORDER_EVENT_OUTBOX_METHODS),
    emailDeliveries: deferred(async () => (await loadForRequest()).emailDeliveries, EMAIL_DELIVERIES_METHODS),
    prepare: async () => {
      await load();
    },
    close: async () => {
      const backend = await loading?.catch(() => undefined);
      await backend?.close();
    },
  };
}

async function open(options: PostgresBackendOptions): Promise<PostgresBackend> {
  const { openPostgresBackend } = await import('./postgres-backend.js');
  const backend = openPostgresBackend(options);
  if (!options.database.migrateOnStart) return backend;
  try {
    const applied = await backend.migrate();
    if (applied.length > 0) options.logger.info('applied database migrations', { applied });
    return backend;
  } catch (error) {
    await backend.close().catch(() => {});
    throw error;
  }
}

// Listed as records so the compiler insists on every method of the port: a method missing here would be
// missing at run time.
const ORDER_STORE_METHODS: Record<keyof OrderStore, true> = {
  place: true,
  checkoutSettings: true,
  get: true,
  list: true,
  transition: true,
  salesReport: true,
};
const PAYMENT_STORE_METHODS: Record<keyof PaymentStore, true> = {
  byOrder: true,
  byId: true,
  insert: true,
  applyEvent: true,
  refundDue: true,
  refundsDue: true,
  recordRefund: true,
  placedBefore: true,
};
const INVENTORY_STORE_METHODS: Record<keyof InventoryStore, true> = { get: true, set: true, adjust: true };
const CHECKOUT_SETTINGS_STORE_METHODS: Record<keyof CheckoutSettingsStore, true> = {
  putShippingMethod: true,
  getShippingMethod: true,
  deleteShippingMethod: true,
  listShippingMethods: true,
  putTaxRates: true,
  getTaxRates: true,
  deleteTaxRates: true,
  listTaxRates: true,
  putDiscountCode: true,
  getDiscountCode: true,
  deleteDiscountCode: true,
  listDiscountCodes: true,
};

const ORDER_EVENT_OUTBOX_METHODS: Record<keyof OrderEventOutbox, true> = { relay: true, list: true };
const EMAIL_DELIVERIES_METHODS: Record<keyof EmailDeliveries, true> = { claim: true, release: true };

/** An object whose methods wait for `target` and then call the real one. */
function deferred<T extends object>(target: () => Promise<T>, methods: Record<keyof T, true>): T {
  const proxy: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const name of Object.keys(methods)) {
    proxy[name] = async (...args) => {
      const real = (await target()) as Record<string, (...args: unknown[]) => Promise<unknown>>;
      return real[name]?.(...args);
    };
  }
  return proxy as T;
}
