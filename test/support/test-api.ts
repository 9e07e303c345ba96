import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAdaptorServer } from '@hono/node-server';
import type pg from 'pg';
import { createJwtVerifier } from '../../src/adapters/auth/jwt-verifier.js';
import {
  type LocalSigningKey,
  loadOrCreateLocalSigningKey,
  signLocalToken,
} from '../../src/adapters/auth/local-signing-key.js';
import { createDynamoCartStore } from '../../src/adapters/dynamodb/cart-store.js';
import { createDynamoCatalogRepository } from '../../src/adapters/dynamodb/catalog-repository.js';
import type { DocumentClient } from '../../src/adapters/dynamodb/client.js';
import { createDynamoIdempotencyStore } from '../../src/adapters/dynamodb/idempotency-store.js';
import { createMemoryCartStore } from '../../src/adapters/memory/cart-store.js';
import { createMemoryCatalogRepository } from '../../src/adapters/memory/catalog-repository.js';
import { createMemoryIdempotencyStore } from '../../src/adapters/memory/idempotency-store.js';
import { createPostgresCheckoutSettingsStore } from '../../src/adapters/postgres/checkout-settings-store.js';
import { createPostgresInventoryStore } from '../../src/adapters/postgres/inventory-store.js';
import { createPostgresOrderEventOutbox } from '../../src/adapters/postgres/order-event-outbox.js';
import { createPostgresOrderStore } from '../../src/adapters/postgres/order-store.js';
import { createPostgresPaymentStore } from '../../src/adapters/postgres/payment-store.js';
import { type CatalogService, createCatalogService } from '../../src/app/catalog/catalog-service.js';
import { createCheckoutSettingsService } from '../../src/app/ordering/checkout-settings-use-cases.js';
import {
  createOrderingService,
  type OrderingService,
  type TaxPolicy,
} from '../../src/app/ordering/ordering-service.js';
import type { PaymentService } from '../../src/app/payments/payment-service.js';
import type { CartStore } from '../../src/app/ports/cart-store.js';
import type { CatalogRepository } from '../../src/app/ports/catalog-repository.js';
import { systemClock } from '../../src/app/ports/clock.js';
import type { IdempotencyStore } from '../../src/app/ports/idempotency-store.js';
import type { Logger } from '../../src/app/ports/logger.js';
import type { Role } from '../../src/app/ports/token-verifier.js';
import { cartSubtotalFrom } from '../../src/composition/cart-subtotal.js';
import { type ConfiguredProvider, createPayments } from '../../src/composition/create-payments.js';
import { CHECKOUT_DEFAULTS } from '../../src/config/config.js';
import { type AppDeps, createApp } from '../../src/http/app.js';
import { installLightFetchClasses } from '../../src/http/lambda/install-light-fetch-classes.js';
import { createTestTable } from './dynamodb.js';
import { lambdaRequest } from './lambda-transport.js';
import { checkedResponse, OpenApiContract, throwUnreportedViolations } from './openapi-contract.js';

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  fields?: Record<string, unknown>;
}

export interface TestApiOptions {
  /** 'dynamodb' (default): a table of its own on the run's DynamoDB Local; 'memory' for quick checks. */
  storage?: 'dynamodb' | 'memory';
  corsOrigins?: string[];
  /** Wraps the real repository to inject faults at the port: the app meets them as in a real outage. */
  wrapRepository?: (repository: CatalogRepository) => CatalogRepository;
  /**
   * Adds carts, orders, inventory, reports, checkout settings and GET /events: orders, stock, settings and
   * the event outbox in this pool's PostgreSQL database (from test/support/postgres.ts; the caller ends the
   * pool), carts next to the catalog.
   */
  orderingDatabase?: pg.Pool;
  /** How checkout taxes; default CHECKOUT_DEFAULTS (prices include tax, shop in DE). */
  taxPolicy?: TaxPolicy;
  /**
   * With an orderingDatabase: the payment provider (default the test provider, with its
   * /payments/test routes); e.g. Stripe over a stand-in HTTP client for webhook tests.
   */
  paymentProvider?: ConfiguredProvider;
  /**
   * How `request` reaches the app: 'app' (app.request, the default) or 'lambda': as API Gateway v2 events
   * through the Lambda adapter, with the light Request/Response/Headers installed as on Lambda.
   * `TEST_TRANSPORT=lambda` makes 'lambda' the default, to run a whole suite that way.
   */
  transport?: 'app' | 'lambda';
}

export interface TestApi {
  app: ReturnType<typeof createApp>;
  /**
   * In-process request through the whole Hono app (app.request, or the Lambda adapter: see transport). The
   * response is checked against the app's OpenAPI document (test/support/openapi-contract.ts): a status,
   * header or body the document does not describe throws.
   */
  request(path: string, init?: RequestInit): Promise<Response>;
  /** `request` for fetch-style callers (the typed client): same checks. */
  fetch(request: Request): Promise<Response>;
  /** A token for a role (or roles), signed by the same local key the app trusts. */
  /** A signed token; `email` null leaves the email claim out (default `<sub>@example.com`). */
  token(role: Role | Role[], sub?: string, email?: string | null): Promise<string>;
  /** Authorization header for a role, ready to spread into `headers`. */
  auth(role: Role | Role[], sub?: string): Promise<{ authorization: string }>;
  signingKey: LocalSigningKey;
  catalog: CatalogService;
  repository: CatalogRepository;
  idempotency: IdempotencyStore;
  /** Present when the options gave an orderingDatabase. */
  ordering?: OrderingService;
  /** Present when the options gave an orderingDatabase. */
  payments?: PaymentService;
  /** The DocumentClient when storage is dynamodb. */
  client?: DocumentClient;
  logs: LogLine[];
  /**
   * Serves the app on a real socket (port 0), for tests about what crosses the wire. Every response is
   * checked against the OpenAPI document as `request` does; a mismatch fails the test when it ends.
   */
  listen(): Promise<{ url: string; close(): Promise<void> }>;
  close(): Promise<void>;
}

/**
 * The HTTP app over real adapters: DynamoDB Local + the DynamoDB repository and idempotency store,
 * JWTs from a local signing key in a temp directory. Each call gets its own table and key.
 */
export async function startTestApi(options: TestApiOptions = {}): Promise<TestApi> {
  const closers: (() => Promise<void>)[] = [];
  const dataDir = await mkdtemp(join(tmpdir(), 'slimshop-test-'));
  closers.push(() => rm(dataDir, { recursive: true, force: true }));

  let repository: CatalogRepository;
  let idempotency: IdempotencyStore;
  let client: DocumentClient | undefined;
  let carts: CartStore;
  if ((options.storage ?? 'dynamodb') === 'dynamodb') {
    const table = await createTestTable('api');
    client = table.client;
    const { tableName } = table;
    repository = createDynamoCatalogRepository({ client, tableName });
    idempotency = createDynamoIdempotencyStore({ client, tableName });
    carts = createDynamoCartStore({ client, tableName });
  } else {
    repository = createMemoryCatalogRepository();
    idempotency = createMemoryIdempotencyStore();
    carts = createMemoryCartStore();
  }

  const signingKey = await loadOrCreateLocalSigningKey(dataDir);
  const logs: LogLine[] = [];
  const logger: Logger = {
    debug: (message, fields) => logs.push({ level: 'debug', message, fields }),
    info: (message, fields) => logs.push({ level: 'info', message, fields }),
    warn: (message, fields) => logs.push({ level: 'warn', message, fields }),
    error: (message, fields) => logs.push({ level: 'error', message, fields }),
  };
  if (options.wrapRepository) repository = options.wrapRepository(repository);
  const catalog = createCatalogService({ repository, clock: systemClock });
  const pool = options.orderingDatabase;
  const orders = pool === undefined ? undefined : createPostgresOrderStore(pool);
  let payments: PaymentService | undefined;
  const ordering =
    pool === undefined || orders === undefined
      ? undefined
      : createOrderingService({
          catalog: repository,
          carts,
          orders,
          inventory: createPostgresInventoryStore(pool),
          clock: systemClock,
          taxPolicy: options.taxPolicy ?? CHECKOUT_DEFAULTS,
          refunds: { refundOrder: (id) => payments?.refundOrder(id) ?? orders.get(id) },
        });
  payments =
    pool === undefined || orders === undefined || ordering === undefined
      ? undefined
      : createPayments(
          { provider: { name: 'test' }, timeoutMinutes: 30 },
          {
            store: createPostgresPaymentStore(pool),
            orders,
            visibleOrder: ordering.getOrder,
            clock: systemClock,
            logger,
            provider: options.paymentProvider,
          },
        );
  const deps: AppDeps = {
    ordering,
    payments,
    checkoutSettings:
      pool === undefined || ordering === undefined
        ? undefined
        : createCheckoutSettingsService({
            store: createPostgresCheckoutSettingsStore(pool),
            clock: systemClock,
            cartSubtotal: cartSubtotalFrom(ordering),
          }),
    events: pool === undefined ? undefined : createPostgresOrderEventOutbox(pool),
    catalog,
    idempotency,
    tokens: createJwtVerifier({ localPublicKey: signingKey.publicKey, issuer: signingKey.issuer }),
    logger,
    corsOrigins: options.corsOrigins,
  };
  const app = createApp(deps);
  const transport = options.transport ?? (process.env.TEST_TRANSPORT === 'lambda' ? 'lambda' : 'app');
  if (transport === 'lambda') closers.push(useLightFetchClasses());

  // Tokens carry an email claim as an identity provider's do: an order needs an email.
  const token = (role: Role | Role[], sub = 'tester', email: string | null = `${sub}@example.com`) =>
    signLocalToken(signingKey, {
      sub,
      roles: Array.isArray(role) ? role : [role],
      ...(email === null ? {} : { email }),
    });
  const contract = OpenApiContract.load(async () => app.request('/openapi.json'));
  const send =
    transport === 'lambda'
      ? lambdaRequest(app)
      : async (path: string, init?: RequestInit) => app.request(path, init);
  const request = async (path: string, init: RequestInit = {}) =>
    checkedResponse(
      contract,
      { method: init.method ?? 'GET', url: path, headers: new Headers(init.headers) },
      await send(path, init),
    );

  return {
    app,
    request,
    async fetch(incoming) {
      const url = new URL(incoming.url);
      const body = incoming.body === null ? undefined : await incoming.arrayBuffer();
      return request(`${url.pathname}${url.search}`, {
        method: incoming.method,
        headers: incoming.headers,
        ...(body === undefined ? {} : { body }),
      });
    },
    token,
    auth: async (role, sub) => ({ authorization: `Bearer ${await token(role, sub)}` }),
    signingKey,
    catalog,
    repository,
    idempotency,
    ordering,
    payments,
    client,
    logs,
    async listen() {
      const server = createAdaptorServer({
        fetch: async (incoming: Request) =>
          checkedResponse(
            contract,
            { method: incoming.method, url: incoming.url, headers: incoming.headers },
            await app.fetch(incoming),
            'later',
          ),
      }) as Server;
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const close = () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
      closers.push(close);
      return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close };
    },
    async close() {
      for (const close of closers.reverse()) await close();
      throwUnreportedViolations();
    },
  };
}

let lightFetchUsers = 0;
let uninstallLightFetchClasses: (() => void) | undefined;

/** Installs the light fetch classes while any Lambda-transport API of this process is open. */
function useLightFetchClasses(): () => Promise<void> {
  if (lightFetchUsers++ === 0) uninstallLightFetchClasses = installLightFetchClasses();
  return async () => {
    if (--lightFetchUsers === 0) uninstallLightFetchClasses?.();
  };
}

/** Headers for a JSON write. */
export const JSON_HEADERS = { 'content-type': 'application/json' } as const;

/** A valid product body; override what the test is about. */
export function productBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    sku: `SKU-${randomUUID().slice(0, 8)}`,
    name: 'Stoneware Mug',
    price: { amount: 1450, currency: 'EUR' },
    categoryId: 'mugs',
    status: 'active',
    ...overrides,
  };
}

/** A response body for assertions. */
// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON and assert on it field by field.
export async function json(response: Response): Promise<any> {
  return response.json();
}
