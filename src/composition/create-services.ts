import { createJwtVerifier, type JwtVerifierOptions } from '../adapters/auth/jwt-verifier.js';
import { createDynamoCartStore } from '../adapters/dynamodb/cart-store.js';
import { createDynamoCatalogRepository } from '../adapters/dynamodb/catalog-repository.js';
import { createDocumentClient } from '../adapters/dynamodb/client.js';
import { createDynamoIdempotencyStore } from '../adapters/dynamodb/idempotency-store.js';
import { createCatalogService } from '../app/catalog/catalog-service.js';
import { withRecentProducts } from '../app/catalog/recent-products.js';
import type { JobService } from '../app/jobs/job-service.js';
import { createImageService } from '../app/media/image-service.js';
import {
  type CheckoutSettingsService,
  createCheckoutSettingsService,
} from '../app/ordering/checkout-settings-use-cases.js';
import { createOrderingService, type OrderingService } from '../app/ordering/ordering-service.js';
import type { PaymentService } from '../app/payments/payment-service.js';
import type { CatalogRepository } from '../app/ports/catalog-repository.js';
import { type Clock, systemClock } from '../app/ports/clock.js';
import type { JobLauncher } from '../app/ports/job-launcher.js';
import type { Logger } from '../app/ports/logger.js';
import type { TokenVerifier } from '../app/ports/token-verifier.js';
import { type ApiConfig, CHECKOUT_DEFAULTS, ConfigError } from '../config/config.js';
import { ENV } from '../config/env-names.js';
import type { AppDeps } from '../http/app.js';
import { createLogger } from '../observability/logger.js';
import type { MetricsSource } from '../observability/metrics.js';
import { imageOriginsOf } from './admin-origins.js';
import { cartSubtotalFrom } from './cart-subtotal.js';
import { createJobs, jobTypesFrom } from './create-jobs.js';
import { type ConfiguredProvider, createPayments, notifyingPaymentStore } from './create-payments.js';
import { createImageObjectStore } from './image-storage.js';
import { lazyJobFiles } from './lazy-job-files.js';
import { createLazyPostgres, type LazyPostgres } from './lazy-postgres.js';
import { createOrderEvents, kickingOrderStore, type OrderEvents } from './order-events.js';

/** What the local runtime hands in instead of a JWKS: the key under DATA_DIR that `npm run token` signs with. */
export interface LocalTokenKey {
  publicKey: NonNullable<JwtVerifierOptions['localPublicKey']>;
  issuer: string;
}

export interface ServiceOverrides {
  logger?: Logger;
  /**
   * Business metrics (orders, payments, checkout latency), written by the stores' chunk, which loads the
   * writer with the driver; default none.
   */
  metrics?: MetricsSource;
  clock?: Clock;
  localTokenKey?: LocalTokenKey;
  /** 'lambda' keeps the environment's one database connection open between invocations. Default 'server'. */
  runtime?: 'lambda' | 'server';
  /** Where POST /jobs starts jobs; default from config (AWS runners, or local child processes). */
  jobLauncher?: JobLauncher;
  /** The payment provider; default from config (Stripe, the test provider, or none). */
  paymentProvider?: ConfiguredProvider;
}

/** The app's dependencies, plus what the runtimes need around them. */
export interface Services extends AppDeps {
  ordering: OrderingService;
  checkoutSettings: CheckoutSettingsService;
  /** Asked by the local runtime whether to seed the demo catalog. */
  repository: CatalogRepository;
  /** Orders and stock: prepare() before serving (servers), close() after draining. */
  database: LazyPostgres;
  jobs: JobService;
  /** Payments (absent without a provider): the local runtime also expires unpaid orders with it. */
  payments?: PaymentService;
  /**
   * The order event relay (kicked by every order change; servers sweep with it, and stop it after draining)
   * and, without EVENT_BUS_NAME, the in-process bus consumers subscribe to.
   */
  orderEvents: OrderEvents;
  /** Stops local job processes still running (after the HTTP server has drained). */
  closeJobs(): Promise<void>;
}

/**
 * Builds the API's services from configuration, the same way on every runtime: catalog and carts in DynamoDB
 * through one DocumentClient (its sockets are reused across requests and, on Lambda, across invocations),
 * orders and stock in PostgreSQL through one pool that is opened on first use, tokens verified against the
 * issuer's JWKS, or locally against the key `npm run token` signs with. Nothing here opens a connection.
 */
export function createServices(config: ApiConfig, overrides: ServiceOverrides = {}): Services {
  const logger = overrides.logger ?? createLogger({ level: config.logLevel });
  const clock = overrides.clock ?? systemClock;
  const client = createDocumentClient({ region: config.region, endpoint: config.dynamodbEndpoint });
  const checkout = config.checkout ?? CHECKOUT_DEFAULTS;
  // Every reader and writer shares the one repository, so this instance's own writes show at once.
  const repository = withRecentProducts(
    createDynamoCatalogRepository({ client, tableName: config.tableName, clock }),
    { maxAgeMs: checkout.productCacheSeconds * 1000 },
  );
  const runtime = overrides.runtime ?? 'server';
  const database = createLazyPostgres({
    database: config.database,
    region: config.region,
    runtime,
    logger,
    metrics: overrides.metrics,
  });
  const orderEvents = createOrderEvents({
    outbox: database.events,
    busName: config.events?.busName,
    region: config.region,
    logger,
  });
  // Every committed order change kicks the relay: its event is on the bus moments later.
  const orders = kickingOrderStore(database.orders, orderEvents.relay, runtime);
  let payments: PaymentService | undefined;
  const ordering = createOrderingService({
    catalog: repository,
    carts: createDynamoCartStore({ client, tableName: config.tableName, clock }),
    orders,
    inventory: database.inventory,
    clock,
    taxPolicy: checkout,
    // A paid order's cancellation refunds it; payments needs ordering's rule of who sees an order.
    refunds: { refundOrder: (id) => payments?.refundOrder(id) ?? database.orders.get(id) },
  });
  payments = createPayments(config.payments, {
    // Payment events and refunds write order events too: the relay is kicked as for other order changes.
    store: notifyingPaymentStore(database.payments, async (orderId) => {
      orderEvents.relay.kick(orderId);
      if (runtime === 'lambda') await orderEvents.relay.idle();
    }),
    orders,
    visibleOrder: ordering.getOrder,
    clock,
    logger,
    provider: overrides.paymentProvider,
  });
  // s3:// job files on a local S3 stand-in (npm start) live where the images do (S3_ENDPOINT).
  const jobConfig = { ...config, s3Endpoint: config.images?.endpoint };
  const jobs = createJobs(config, {
    table: { client, tableName: config.tableName, clock },
    logger,
    clock,
    // Estimates read the job's input (a file's size) through the job services: both load on first use.
    types: jobTypesFrom(async () => {
      const [{ JOBS }, { createEstimateServices }] = await Promise.all([
        import('../jobs/registry.js'),
        import('./estimate-services.js'),
      ]);
      return { definitions: JOBS, services: createEstimateServices(jobConfig, logger, clock) };
    }),
    launcher: overrides.jobLauncher,
  });
  return {
    catalog: createCatalogService({ repository, clock }),
    jobs: jobs.service,
    ...lazyJobFiles(jobConfig, jobs.service, clock),
    closeJobs: jobs.close,
    ordering,
    ...(payments === undefined ? {} : { payments }),
    checkoutSettings: createCheckoutSettingsService({
      store: database.checkoutSettings,
      clock,
      cartSubtotal: cartSubtotalFrom(ordering),
    }),
    database,
    events: database.events,
    orderEvents,
    idempotency: createDynamoIdempotencyStore({ client, tableName: config.tableName, clock }),
    tokens: createTokenVerifier(config, overrides.localTokenKey),
    logger,
    corsOrigins: config.corsOrigins,
    repository,
    ...(config.images === undefined
      ? {}
      : {
          images: createImageService({
            repository,
            objects: createImageObjectStore(config.images, config.region),
            clock,
          }),
          ...imageOriginsOf(config.images, config.region),
        }),
  };
}

function createTokenVerifier(config: ApiConfig, localKey?: LocalTokenKey): TokenVerifier {
  const { jwksUrl, issuer, audience, maxTokenLifetimeSeconds } = config.auth;
  if (jwksUrl) return createJwtVerifier({ jwksUrl, issuer, audience, maxTokenLifetimeSeconds });
  // Without a JWKS only the local runtime can verify anything; a deployment must not start open or broken.
  if (!localKey) throw new ConfigError(ENV.jwksUrl, 'is required (the issuer JWKS URL, e.g. Cognito)');
  return createJwtVerifier({
    localPublicKey: localKey.publicKey,
    issuer: issuer ?? localKey.issuer,
    audience,
    maxTokenLifetimeSeconds,
  });
}
