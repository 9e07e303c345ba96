// Stripe through its official SDK. The SDK is imported on first use (a chunk of its own in the bundle): an
// API cold start that serves no payment never parses it.
import type Stripe from 'stripe';
import type { PaymentStatus } from '../../app/payments/payment.js';
import type {
  PaymentProvider,
  ProviderEvent,
  ProviderRefund,
  WebhookVerifier,
} from '../../app/ports/payment-provider.js';
import type { RefundStatus } from '../../domain/ordering/order.js';
import { UnavailableError, ValidationError } from '../../domain/shared/errors.js';
import type { StripeKeys } from './stripe-secret.js';

type StripeSdk = typeof Stripe;

export interface StripeProviderOptions {
  /**
   * STRIPE_SECRET_KEY (`sk_…` or a restricted `rk_…`) and STRIPE_WEBHOOK_SECRET (`whsec_…`), or where to
   * read them on first use (STRIPE_SECRET_ARN: stripeKeysFromSecret).
   */
  keys: StripeKeys | (() => Promise<StripeKeys>);
  /**
   * The SDK's HTTP seam, for tests: e.g. `(sdk) => sdk.createFetchHttpClient(fetchAnsweringLikeStripe)`.
   * Serialisation, headers and idempotency keys stay the SDK's own code.
   */
  httpClient?: (sdk: StripeSdk) => Stripe.HttpClient;
  /** The SDK retries connection failures and 409/429/5xx with the same idempotency key. Default 2. */
  maxNetworkRetries?: number;
  /** Per request; default 10 s, so a request waiting on Stripe ends well before API Gateway's 30 s. */
  timeoutMs?: number;
}

export function createStripeProvider(options: StripeProviderOptions): PaymentProvider & WebhookVerifier {
  const { keys } = options;
  const stripeKeys = typeof keys === 'function' ? keys : async () => keys;
  let loading: Promise<{ sdk: Stripe; webhookSecret: string }> | undefined;
  const client = (): Promise<{ sdk: Stripe; webhookSecret: string }> => {
    if (loading) return loading;
    const attempt = Promise.all([import('stripe'), stripeKeys()]).then(
      ([{ default: Sdk }, { secretKey, webhookSecret }]) => ({
        sdk: new Sdk(secretKey, {
          maxNetworkRetries: options.maxNetworkRetries ?? 2,
          timeout: options.timeoutMs ?? 10_000,
          ...(options.httpClient === undefined ? {} : { httpClient: options.httpClient(Sdk) }),
        }),
        webhookSecret,
      }),
    );
    loading = attempt;
    // A failed load is forgotten, so the next call tries again.
    attempt.catch(() => {
      if (loading === attempt) loading = undefined;
    });
    return attempt;
  };
  const stripe = async () => (await client()).sdk;

  return {
    name: 'stripe',

    createPayment: ({ orderId, amount }) =>
      calling(async () => {
        const intent = await (await stripe()).paymentIntents.create(
          {
            amount: amount.amount,
            currency: amount.currency.toLowerCase(),
            automatic_payment_methods: { enabled: true },
            metadata: { orderId },
          },
          // A retry for the same order (ours, or the SDK's own) gets the same PaymentIntent back.
          { idempotencyKey: orderId },
        );
        return {
          id: intent.id,
          status: paymentStatus(intent.status),
          ...(intent.client_secret === null ? {} : { clientSecret: intent.client_secret }),
        };
      }),

    refund: ({ paymentId, orderId }) =>
      calling(async (): Promise<ProviderRefund> => {
        const refund = await (await stripe()).refunds.create(
          { payment_intent: paymentId, metadata: { orderId } },
          { idempotencyKey: `refund-${orderId}` },
        );
        return { id: refund.id, status: refundStatus(refund.status) };
      }),

    async verify(rawBody, signature) {
      if (signature === undefined) throw badSignature('is required');
      const { sdk, webhookSecret } = await calling(client);
      let event: Stripe.Event;
      try {
        event = sdk.webhooks.constructEvent(rawBody, signature, webhookSecret);
      } catch (error) {
        throw badSignature('does not match the body (or is too old)', error);
      }
      return providerEvent(event);
    },
  };
}

function badSignature(message: string, cause?: unknown): ValidationError {
  const error = new ValidationError('The webhook signature is not valid: nothing was applied.', [
    { path: 'header.stripe-signature', message },
  ]);
  if (cause !== undefined) Object.defineProperty(error, 'cause', { value: cause });
  return error;
}

/** What a verified Stripe event means here; types the shop does not act on are `ignored`. */
export function providerEvent(event: Stripe.Event): ProviderEvent {
  const base = { id: event.id, type: event.type };
  switch (event.type) {
    case 'payment_intent.succeeded':
    case 'payment_intent.payment_failed': {
      const intent = event.data.object;
      return {
        ...base,
        kind: event.type === 'payment_intent.succeeded' ? 'payment_succeeded' : 'payment_failed',
        paymentId: intent.id,
        ...(typeof intent.metadata?.orderId === 'string' ? { orderId: intent.metadata.orderId } : {}),
        amount: { amount: intent.amount, currency: intent.currency.toUpperCase() },
      };
    }
    case 'charge.refunded': {
      const charge = event.data.object;
      const intent = charge.payment_intent;
      const paymentId = typeof intent === 'string' ? intent : intent?.id;
      if (paymentId === undefined) return { ...base, kind: 'ignored' };
      return {
        ...base,
        kind: 'refund_succeeded',
        paymentId,
        amount: { amount: charge.amount_refunded, currency: charge.currency.toUpperCase() },
      };
    }
    default:
      return { ...base, kind: 'ignored' };
  }
}

function paymentStatus(status: Stripe.PaymentIntent.Status): PaymentStatus {
  if (status === 'succeeded') return 'succeeded';
  if (status === 'canceled') return 'failed';
  return 'requires_payment';
}

function refundStatus(status: string | null): RefundStatus {
  if (status === 'succeeded') return 'succeeded';
  if (status === 'failed' || status === 'canceled') return 'failed';
  return 'pending';
}

// Error classes by name: the SDK is not loaded when this module is.
const UNAVAILABLE = new Set(['StripeConnectionError', 'StripeAPIError', 'StripeRateLimitError']);

/** Stripe being down, busy or unreachable is a 503 with Retry-After; Stripe's text stays in `cause`. */
async function calling<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const { type, statusCode } = (error ?? {}) as { type?: unknown; statusCode?: unknown };
    if (
      (typeof type === 'string' && UNAVAILABLE.has(type)) ||
      (typeof statusCode === 'number' && statusCode >= 500)
    ) {
      throw new UnavailableError('The payment provider is unavailable: retry in a moment.', {
        retryAfterSeconds: 2,
        cause: error,
      });
    }
    throw error;
  }
}
