import type { Hono } from 'hono';
import type { PaymentService } from '../../app/payments/payment-service.js';
import type { AppEnv } from '../app-env.js';
import { route } from '../route.js';
import { json, problemResponses, publicSecurity } from '../schemas/common-schemas.js';
import { stripeSignatureHeaderSchema, webhookReceiptSchema } from '../schemas/payment-schemas.js';

export function registerWebhookRoutes(app: Hono<AppEnv>, deps: { payments: PaymentService }): void {
  route(
    app,
    {
      method: 'post',
      path: '/webhooks/stripe',
      operationId: 'receiveStripeWebhook',
      tags: ['payments'],
      summary: 'Stripe events (signed with STRIPE_WEBHOOK_SECRET): payments succeeded or failed, refunds',
      description:
        'The body is a Stripe event, verified over its raw bytes with the `Stripe-Signature` header: a bad or missing signature is a 400 and changes nothing. Each event takes effect once (its id is stored with the change it causes): a redelivery is answered 200 with `replayed: true`. `payment_intent.succeeded` moves a placed order to paid (or refunds the payment of an order already cancelled), `payment_intent.payment_failed` marks the payment failed, `charge.refunded` confirms a refund; other types are acknowledged and ignored.',
      security: publicSecurity,
      request: { headers: stripeSignatureHeaderSchema },
      responses: {
        200: { description: 'Received.', content: json(webhookReceiptSchema) },
        ...problemResponses(400, 404, 413),
      },
    },
    async (c) => {
      // The signature covers the exact bytes Stripe sent: read them as text, before anything parses JSON.
      const rawBody = await c.req.text();
      const outcome = await deps.payments.receiveStripeEvent(
        rawBody,
        c.req.valid('header')['stripe-signature'],
      );
      return c.json({ received: true as const, replayed: outcome.kind === 'replayed' }, 200);
    },
  );
}
