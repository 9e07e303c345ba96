import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import { LinearRouter } from 'hono/router/linear-router';
import { secureHeaders } from 'hono/secure-headers';
import type { CatalogService } from '../app/catalog/catalog-service.js';
import type { JobFileService } from '../app/jobs/job-files.js';
import type { JobService } from '../app/jobs/job-service.js';
import type { ImageService } from '../app/media/image-service.js';
import type { CheckoutSettingsService } from '../app/ordering/checkout-settings-use-cases.js';
import type { OrderingService } from '../app/ordering/ordering-service.js';
import type { PaymentService } from '../app/payments/payment-service.js';
import type { IdempotencyStore } from '../app/ports/idempotency-store.js';
import { SIGNED_UPLOAD_PATH, type SignedJobFiles } from '../app/ports/job-file-links.js';
import type { Logger } from '../app/ports/logger.js';
import type { TokenVerifier } from '../app/ports/token-verifier.js';
import * as z from '../domain/shared/zod.js';
import type { AppEnv } from './app-env.js';
import { authenticate } from './middleware/auth.js';
import { limitBody } from './middleware/body-limit.js';
import { requestContext } from './middleware/request-context.js';
import { registerOpenApiRoute } from './openapi.js';
import { errorResponse, problemResponse } from './problem.js';
import { route } from './route.js';
import { registerAdminRoutes } from './routes/admin-routes.js';
import { registerAdvisorPageRoutes } from './routes/advisor-page-routes.js';
import { registerAdvisorRoutes } from './routes/advisor-routes.js';
import { registerCartRoutes } from './routes/cart-routes.js';
import { registerCategoryRoutes } from './routes/category-routes.js';
import { registerDiscountCodeRoutes } from './routes/discount-code-routes.js';
import { registerDocsRoutes } from './routes/docs-routes.js';
import { type OrderEventLog, registerEventRoutes } from './routes/event-routes.js';
import { deleteImageFilesWithProduct, registerImageRoutes } from './routes/image-routes.js';
import { registerIndexRoutes } from './routes/index-routes.js';
import { registerInventoryRoutes } from './routes/inventory-routes.js';
import { registerJobFileRoutes } from './routes/job-file-routes.js';
import { registerJobRoutes } from './routes/job-routes.js';
import { registerOrderRoutes } from './routes/order-routes.js';
import { registerPaymentRoutes, registerTestPaymentRoutes } from './routes/payment-routes.js';
import { registerProductRoutes } from './routes/product-routes.js';
import { registerReportRoutes } from './routes/report-routes.js';
import { registerShippingMethodRoutes } from './routes/shipping-method-routes.js';
import { registerSignedJobFileRoutes } from './routes/signed-job-file-routes.js';
import { registerTaxRateRoutes } from './routes/tax-rate-routes.js';
import { registerWebhookRoutes } from './routes/webhook-routes.js';
import { problemResponses, publicSecurity } from './schemas/common-schemas.js';

export const MAX_BODY_BYTES = 256 * 1024;

export interface AppDeps {
  catalog: CatalogService;
  idempotency: IdempotencyStore;
  tokens: TokenVerifier;
  logger: Logger;
  /** Carts, orders, inventory and reports; without it those routes do not exist (a catalog-only API). */
  ordering?: OrderingService;
  /** POST /orders/{id}/payment; without it (no payment provider) the payment routes do not exist. */
  payments?: PaymentService;
  /**
   * The provider routes to serve besides: `stripe` (POST /webhooks/stripe), `test` (POST
   * /payments/test/{paymentId}/succeed and /fail). Default: those of `payments.provider`.
   */
  paymentRoutes?: readonly PaymentService['provider'][];
  /** Shipping methods, tax rates and discount codes; without it those routes do not exist. */
  checkoutSettings?: CheckoutSettingsService;
  /** The order event outbox behind GET /events (admin); without it that route does not exist. */
  events?: OrderEventLog;
  /** Product image uploads; without it (no image bucket configured) those routes do not exist. */
  images?: ImageService;
  /** POST /jobs and GET /jobs/{id}; without it those routes do not exist. */
  jobs?: JobService;
  /** POST /jobs/files and GET /jobs/{id}/files/{file}; without it (no jobs folder or bucket) they do not exist. */
  jobFiles?: JobFileService;
  /** Where jobs live in DATA_DIR/jobs: the routes its upload and download links point at. */
  signedJobFiles?: SignedJobFiles;
  /** Origins allowed to call from a browser; empty (the default) sends no CORS headers at all. */
  corsOrigins?: string[];
  /** Shown in the OpenAPI document. */
  version?: string;
  /**
   * 'lambda': Hono's LinearRouter, which matches without first compiling every route into one regular
   * expression (~2 ms of a cold start with our ~50 route entries, measured); servers keep the default
   * router, faster per request once built.
   */
  runtime?: 'lambda' | 'server';
  /** Origins of product images (the image CDN, the local S3) that the admin console's CSP lets it show. */
  adminImageOrigins?: readonly string[];
  /** Origins the admin console uploads images to (presigned URLs: the bucket, the local S3). */
  adminUploadOrigins?: readonly string[];
}

/** The whole HTTP API as one Hono app: Lambda, the container and the local server all serve this. */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>(deps.runtime === 'lambda' ? { router: new LinearRouter() } : {});
  const corsOrigins = deps.corsOrigins ?? [];

  app.use(requestContext(deps.logger));
  app.use(
    secureHeaders({
      // JSON does not need a browser to run anything; the docs page sets its own, wider policy.
      contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
      crossOriginResourcePolicy: corsOrigins.length > 0 ? 'cross-origin' : 'same-origin',
      xFrameOptions: 'DENY',
      overwrite: false,
    }),
  );
  if (corsOrigins.length > 0) {
    app.use(
      cors({
        origin: corsOrigins.includes('*') ? '*' : corsOrigins,
        allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
        allowHeaders: [
          'Authorization',
          'Content-Type',
          'If-Match',
          'If-None-Match',
          'Idempotency-Key',
          'X-Request-Id',
        ],
        exposeHeaders: ['ETag', 'Location', 'Retry-After', 'X-Request-Id', 'Idempotent-Replayed'],
        maxAge: 600,
      }),
    );
  }
  const limitedBody = limitBody({
    maxSize: MAX_BODY_BYTES,
    onError: (c) => {
      // The rest of the body stays unread, so this connection cannot carry another request.
      c.header('connection', 'close');
      throw new HTTPException(413, { message: `The request body exceeds ${MAX_BODY_BYTES / 1024} KB.` });
    },
  });
  // A job file's upload is as long as its signed link says (up to 1 GiB), streamed to disk: its route checks.
  app.use(
    deps.signedJobFiles === undefined
      ? limitedBody
      : (c, next) =>
          c.req.method === 'PUT' && c.req.path.startsWith(SIGNED_UPLOAD_PATH) ? next() : limitedBody(c, next),
  );
  app.use(authenticate(deps.tokens));

  route(
    app,
    {
      method: 'get',
      path: '/health',
      operationId: 'getHealth',
      tags: ['system'],
      summary: 'Liveness',
      security: publicSecurity,
      responses: {
        200: {
          description: 'The process serves requests.',
          content: { 'application/json': { schema: z.object({ status: z.literal('ok') }) } },
        },
        ...problemResponses(),
      },
    },
    (c) => c.json({ status: 'ok' as const }, 200),
  );
  registerIndexRoutes(app);
  // Registered before the product routes, so it wraps DELETE /products/{id}.
  if (deps.images !== undefined)
    app.use('/products/:id', deleteImageFilesWithProduct({ ...deps, images: deps.images }));
  registerProductRoutes(app, deps);
  registerCategoryRoutes(app, deps);
  if (deps.images !== undefined) registerImageRoutes(app, { ...deps, images: deps.images });
  if (deps.jobs !== undefined) registerJobRoutes(app, { ...deps, jobs: deps.jobs });
  if (deps.jobFiles !== undefined) registerJobFileRoutes(app, { jobFiles: deps.jobFiles });
  if (deps.signedJobFiles !== undefined) registerSignedJobFileRoutes(app, deps.signedJobFiles);
  if (deps.ordering !== undefined) {
    const ordering = { ...deps, ordering: deps.ordering };
    registerCartRoutes(app, ordering);
    registerOrderRoutes(app, ordering);
    registerInventoryRoutes(app, ordering);
    registerReportRoutes(app, ordering);
  }
  if (deps.payments !== undefined) {
    const payments = { payments: deps.payments };
    const providerRoutes = deps.paymentRoutes ?? [deps.payments.provider];
    registerPaymentRoutes(app, payments);
    if (providerRoutes.includes('stripe')) registerWebhookRoutes(app, payments);
    if (providerRoutes.includes('test')) registerTestPaymentRoutes(app, payments);
  }
  if (deps.events !== undefined) registerEventRoutes(app, { events: deps.events });
  if (deps.checkoutSettings !== undefined) {
    const settings = { checkoutSettings: deps.checkoutSettings };
    registerShippingMethodRoutes(app, settings);
    registerTaxRateRoutes(app, settings);
    registerDiscountCodeRoutes(app, settings);
  }
  // The advisor needs no services: it prices the caller's workload (docs/advisor.md).
  registerAdvisorRoutes(app);
  registerAdvisorPageRoutes(app);
  // The admin console (packages/admin): static files built into dist/admin (docs/admin.md).
  registerAdminRoutes(app, deps);
  registerOpenApiRoute(app, deps.version ?? '0.1.0');
  registerDocsRoutes(app);

  app.notFound((c) => problemResponse(c, 404, `No route for ${c.req.method} ${c.req.path}.`));
  app.onError((error, c) => errorResponse(error, c, deps.logger));
  return app;
}
