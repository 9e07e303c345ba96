// Everything that loads `pg`. composition/ordering.ts imports this module dynamically, so the bundler puts it
// in its own chunk and a catalog request never parses the driver.
import { createPostgresCheckoutSettingsStore } from '../adapters/postgres/checkout-settings-store.js';
import { createPostgresEmailDeliveries } from '../adapters/postgres/email-deliveries.js';
import { createIamAuthToken } from '../adapters/postgres/iam-token.js';
import { createPostgresInventoryStore } from '../adapters/postgres/inventory-store.js';
import { migrate } from '../adapters/postgres/migrate.js';
import { createPostgresOrderEventOutbox } from '../adapters/postgres/order-event-outbox.js';
import { createPostgresOrderStore } from '../adapters/postgres/order-store.js';
import { createPostgresPaymentStore } from '../adapters/postgres/payment-store.js';
import { createPostgresPool } from '../adapters/postgres/pool.js';
import type { CheckoutSettingsStore } from '../app/ports/checkout-settings-store.js';
import type { EmailDeliveries } from '../app/ports/email-deliveries.js';
import type { Logger } from '../app/ports/logger.js';
import type { OrderEventOutbox } from '../app/ports/order-events.js';
import type { InventoryStore, OrderStore } from '../app/ports/order-store.js';
import type { PaymentStore } from '../app/ports/payment-store.js';
import type { DatabaseConfig } from '../config/config.js';
import { type MetricsSource, metricsFor } from '../observability/metrics.js';
import { meteredOrderStore, meteredPaymentStore } from './metered.js';

export interface PostgresBackend {
  orders: OrderStore;
  inventory: InventoryStore;
  checkoutSettings: CheckoutSettingsStore;
  payments: PaymentStore;
  /** The order event outbox: relay passes and GET /events. */
  events: OrderEventOutbox;
  /** Order emails sent, one per event (email_deliveries). */
  emailDeliveries: EmailDeliveries;
  /** Applies pending migrations (under the advisory lock); returns the ids applied. */
  migrate(): Promise<string[]>;
  /** Ends the pool: waits for checked-out connections, closes idle ones. */
  close(): Promise<void>;
}

export interface PostgresBackendOptions {
  database: DatabaseConfig;
  /** For IAM tokens. */
  region: string;
  /**
   * 'lambda': idle connections are never closed by the pool. An environment is frozen between invocations
   * and serves one request at a time, so its single connection is worth keeping; RDS Proxy owns the real
   * database connections and reaps idle clients itself.
   */
  runtime: 'lambda' | 'server';
  logger: Logger;
  /**
   * Orders placed, refused, cancelled and paid, payment failures, checkout latency: written where the
   * stores report them, here in the driver's chunk so that none of it weighs on a Lambda cold start.
   */
  metrics?: MetricsSource;
}

export function openPostgresBackend(options: PostgresBackendOptions): PostgresBackend {
  const { database } = options;
  const pool = createPostgresPool({
    ...database.endpoint,
    max: database.poolMax,
    authToken: database.iamAuth ? createIamAuthToken(options.region) : undefined,
    timeouts: options.runtime === 'lambda' ? { idleClientMs: 0 } : undefined,
    logger: options.logger,
  });
  const orders = createPostgresOrderStore(pool);
  const payments = createPostgresPaymentStore(pool);
  const metrics = options.metrics && metricsFor(options.metrics);
  return {
    orders: metrics ? meteredOrderStore(orders, metrics) : orders,
    inventory: createPostgresInventoryStore(pool),
    checkoutSettings: createPostgresCheckoutSettingsStore(pool),
    payments: metrics ? meteredPaymentStore(payments, metrics) : payments,
    events: createPostgresOrderEventOutbox(pool),
    emailDeliveries: createPostgresEmailDeliveries(pool),
    migrate: () => migrate(pool),
    close: () => pool.end(),
  };
}
