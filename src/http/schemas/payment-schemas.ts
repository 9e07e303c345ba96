import { PAYMENT_PROVIDERS, PAYMENT_STATUSES } from '../../app/payments/payment.js';
import { idSchema } from '../../domain/shared/ids.js';
import * as z from '../../domain/shared/zod.js';

export const paymentSchema = z
  .object({
    provider: z.enum(PAYMENT_PROVIDERS),
    paymentId: z.string().register(z.globalRegistry, {
      description: "The provider's id: a Stripe PaymentIntent (`pi_…`) or a test payment (`tp_…`).",
    }),
    status: z.enum(PAYMENT_STATUSES).register(z.globalRegistry, {
      description:
        '`requires_payment` until the provider reports an outcome; a `failed` payment may be tried again and still succeed.',
    }),
    clientSecret: z.optional(z.string()).register(z.globalRegistry, {
      description:
        "Stripe: the PaymentIntent's client secret, for Stripe.js to confirm the payment in the browser. Keep it out of logs and URLs.",
    }),
  })
  .register(z.globalRegistry, {
    id: 'Payment',
    example: {
      provider: 'stripe',
      paymentId: 'pi_3PqR8s2eZvKYlo2C1x9yT0aB',
      status: 'requires_payment',
      clientSecret: 'pi_3PqR8s2eZvKYlo2C1x9yT0aB_secret_Xb4m9QvLr2',
    },
  });

export const paymentIdParamsSchema = z.object({
  paymentId: idSchema.clone().register(z.globalRegistry, { example: 'tp_Hk2mS0x9QpLr7Tv4Wb1c' }),
});

/** Stripe signs every webhook; the route answers 400 without a valid signature (missing is invalid too). */
export const stripeSignatureHeaderSchema = z.object({
  'stripe-signature': z.optional(
    z.string().register(z.globalRegistry, {
      description: '`t=<timestamp>,v1=<signature>`: HMAC-SHA256 of the raw body with the endpoint secret.',
    }),
  ),
});

export const webhookReceiptSchema = z
  .object({
    received: z.literal(true),
    replayed: z.boolean().register(z.globalRegistry, {
      description: 'The event was applied before: nothing changed this time.',
    }),
  })
  .register(z.globalRegistry, { id: 'WebhookReceipt', example: { received: true, replayed: false } });
