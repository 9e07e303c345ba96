import type { Hono } from 'hono';
import type { Payment } from '../../app/payments/payment.js';
import type { PaymentService, TestOutcome } from '../../app/payments/payment-service.js';
import type { AppEnv } from '../app-env.js';
import { route } from '../route.js';
import {
  idParamsSchema,
  jsonResponse,
  optionalBearerSecurity,
  problemResponses,
  publicSecurity,
} from '../schemas/common-schemas.js';
import { orderTokenHeaderSchema } from '../schemas/order-schemas.js';
import { paymentIdParamsSchema, paymentSchema } from '../schemas/payment-schemas.js';
import { allowGuests } from './ordering-route-deps.js';

// The body may hold a client secret: no cache keeps it.
const NO_STORE = { 'cache-control': 'no-store' };

/** A payment on the wire: the provider's id and what a browser needs to pay it. */
export function paymentBody(payment: Payment) {
  return {
    provider: payment.provider,
    paymentId: payment.id,
    status: payment.status,
    ...(payment.clientSecret === undefined ? {} : { clientSecret: payment.clientSecret }),
  };
}

export function registerPaymentRoutes(app: Hono<AppEnv>, deps: { payments: PaymentService }): void {
  const { payments } = deps;
  const payment = jsonResponse(paymentSchema);

  route(
    app,
    {
      method: 'post',
      path: '/orders/{id}/payment',
      operationId: 'startOrderPayment',
      tags: ['payments'],
      summary:
        "Start paying a placed order: its one payment (yours; a guest's with X-Order-Token; admins: any)",
      description:
        "Creates the order's payment at the provider the first time (201) and returns the same one after (200): retries never charge twice. Stripe: a PaymentIntent for the order total with automatic payment methods; confirm it with `clientSecret` in Stripe.js, and the webhook moves the order to `paid`. Only a `placed` order can be paid (409 otherwise).",
      security: optionalBearerSecurity,
      middleware: [allowGuests()] as const,
      request: { params: idParamsSchema, headers: orderTokenHeaderSchema },
      responses: {
        200: payment('The payment created before.'),
        201: payment('Created.'),
        ...problemResponses(400, 401, 403, 404, 409),
      },
    },
    async (c) => {
      const { payment: found, created } = await payments.startPayment(
        c.get('principal'),
        c.req.valid('param').id,
        c.req.valid('header')['x-order-token'],
      );
      return c.json(paymentBody(found), created ? 201 : 200, NO_STORE);
    },
  );
}

/**
 * The test provider's stand-ins for a provider event (only with PAYMENT_PROVIDER=test): anyone may call
 * them, which is why a deployment refuses that provider unless ALLOW_TEST_PAYMENTS=true.
 */
export function registerTestPaymentRoutes(app: Hono<AppEnv>, deps: { payments: PaymentService }): void {
  const outcomes: { outcome: TestOutcome; operationId: string; summary: string }[] = [
    {
      outcome: 'succeed',
      operationId: 'succeedTestPayment',
      summary: 'Test provider: the payment succeeds (a placed order becomes paid)',
    },
    {
      outcome: 'fail',
      operationId: 'failTestPayment',
      summary: 'Test provider: the payment fails (the order stays placed)',
    },
  ];
  for (const { outcome, operationId, summary } of outcomes) {
    route(
      app,
      {
        method: 'post',
        path: `/payments/test/{paymentId}/${outcome}`,
        operationId,
        tags: ['payments'],
        summary,
        description:
          'Only with PAYMENT_PROVIDER=test (`npm start`, tests); 404 otherwise. Takes the same code path as a provider event, with one event id per payment and outcome: calling it again changes nothing.',
        security: publicSecurity,
        request: { params: paymentIdParamsSchema },
        responses: { 200: jsonResponse(paymentSchema)('The payment now.'), ...problemResponses(400, 404) },
      },
      async (c) => {
        const done = await deps.payments.completeTestPayment(c.req.valid('param').paymentId, outcome);
        return c.json(paymentBody(done), 200, NO_STORE);
      },
    );
  }
}
