import type { CatalogService } from '../../src/app/catalog/catalog-service.js';
import type { JobFileService } from '../../src/app/jobs/job-files.js';
import type { JobService } from '../../src/app/jobs/job-service.js';
import type { ImageService } from '../../src/app/media/image-service.js';
import type { CheckoutSettingsService } from '../../src/app/ordering/checkout-settings-use-cases.js';
import type { OrderingService } from '../../src/app/ordering/ordering-service.js';
import type { PaymentService } from '../../src/app/payments/payment-service.js';
import type { IdempotencyStore } from '../../src/app/ports/idempotency-store.js';
import { silentLogger } from '../../src/app/ports/logger.js';
import type { OrderEventOutbox } from '../../src/app/ports/order-events.js';
import type { TokenVerifier } from '../../src/app/ports/token-verifier.js';
import { createApp } from '../../src/http/app.js';

export type OpenApiDocument = Record<string, unknown> & {
  paths: Record<string, Record<string, { operationId: string }>>;
};

/** Services for an app that only serves its document: every route registered, none of them ever called. */
function never<T>(name: string): T {
  return new Proxy({} as object, {
    get: (_, member) => {
      throw new Error(`${name}.${String(member)} is not available while writing the OpenAPI document.`);
    },
  }) as T;
}

/**
 * The OpenAPI document of the whole API, every optional part included (ordering, checkout settings, images,
 * jobs), as a deployed stage with all of them serves it at GET /openapi.json. What `npm run openapi` writes,
 * what Redocly lints and what the client's types are generated from.
 *
 * @example
 * const document = await publishedDocument();
 * Object.keys(document.paths); // ['/health', '/products', ...]
 */
export async function publishedDocument(version = '0.1.0'): Promise<OpenApiDocument> {
  const app = createApp({
    catalog: never<CatalogService>('catalog'),
    idempotency: never<IdempotencyStore>('idempotency'),
    tokens: never<TokenVerifier>('tokens'),
    logger: silentLogger,
    ordering: never<OrderingService>('ordering'),
    payments: never<PaymentService>('payments'),
    // Both providers' routes: the Stripe webhook, and the test provider's (PAYMENT_PROVIDER=test only).
    paymentRoutes: ['stripe', 'test'],
    checkoutSettings: never<CheckoutSettingsService>('checkoutSettings'),
    events: never<OrderEventOutbox>('events'),
    images: never<ImageService>('images'),
    jobs: never<JobService>('jobs'),
    jobFiles: never<JobFileService>('jobFiles'),
    version,
  });
  const response = await app.request('/openapi.json');
  if (response.status !== 200) throw new Error(`GET /openapi.json answered ${response.status}`);
  return (await response.json()) as OpenApiDocument;
}
