import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { UnavailableError, ValidationError } from '../../domain/shared/errors.js';
import { createStripeProvider } from './stripe-provider.js';

const WEBHOOK_SECRET = 'whsec_test_secret_for_signatures';

interface SeenRequest {
  method: string;
  path: string;
  headers: Headers;
  form: URLSearchParams;
}

/**
 * Stripe's API as its HTTP client sees it: the SDK builds the request (form encoding, headers, idempotency
 * key) and parses the answer as it would Stripe's; only the network is replaced.
 */
function stripeAnswering(answer: (request: SeenRequest) => { status: number; body: unknown }) {
  const seen: SeenRequest[] = [];
  const fetchLikeStripe = async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    const request = {
      method: init?.method ?? 'GET',
      path: url.pathname,
      headers: new Headers(init?.headers),
      form: new URLSearchParams(String(init?.body ?? '')),
    };
    seen.push(request);
    const { status, body } = answer(request);
    return new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json', 'request-id': `req_${seen.length}` },
    });
  };
  const provider = createStripeProvider({
    keys: { secretKey: 'sk_test_123', webhookSecret: WEBHOOK_SECRET },
    httpClient: (sdk) => sdk.createFetchHttpClient(fetchLikeStripe as typeof fetch),
    maxNetworkRetries: 0,
  });
  return { provider, seen };
}

const intent = (overrides: Record<string, unknown> = {}) => ({
  id: 'pi_3PqR8s2eZvKYlo2C1x9yT0aB',
  object: 'payment_intent',
  amount: 3100,
  currency: 'eur',
  status: 'requires_payment_method',
  client_secret: 'pi_3PqR8s2eZvKYlo2C1x9yT0aB_secret_abc',
  metadata: { orderId: 'order-1' },
  ...overrides,
});

function signed(event: Record<string, unknown>, secret = WEBHOOK_SECRET) {
  const payload = JSON.stringify(event);
  return { payload, signature: Stripe.webhooks.generateTestHeaderString({ payload, secret }) };
}

const stripeEvent = (type: string, object: Record<string, unknown>) => ({
  id: `evt_${type.replaceAll('.', '_')}`,
  object: 'event',
  type,
  api_version: '2026-11-18.endive',
  created: 1_790_000_000,
  data: { object },
});

describe('the Stripe provider (the SDK over a stand-in for the network)', () => {
  it('creates a PaymentIntent for the order total with automatic payment methods, the order id in metadata and as idempotency key', async () => {
    const { provider, seen } = stripeAnswering(() => ({ status: 200, body: intent() }));
    const created = await provider.createPayment({
      orderId: 'order-1',
      amount: { amount: 3100, currency: 'EUR' },
    });
    expect(created).toEqual({
      id: 'pi_3PqR8s2eZvKYlo2C1x9yT0aB',
      status: 'requires_payment',
      clientSecret: 'pi_3PqR8s2eZvKYlo2C1x9yT0aB_secret_abc',
    });
    expect(seen).toHaveLength(1);
    const [request] = seen as [SeenRequest];
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/v1/payment_intents');
    expect(request.headers.get('idempotency-key')).toBe('order-1');
    expect(request.headers.get('authorization')).toBe('Bearer sk_test_123');
    expect(Object.fromEntries(request.form)).toEqual({
      amount: '3100',
      currency: 'eur',
      'automatic_payment_methods[enabled]': 'true',
      'metadata[orderId]': 'order-1',
    });
  });

  it('refunds the PaymentIntent in full with an idempotency key derived from the order', async () => {
    const { provider, seen } = stripeAnswering(() => ({
      status: 200,
      body: { id: 're_1', object: 'refund', status: 'succeeded', amount: 3100, currency: 'eur' },
    }));
    const refund = await provider.refund({
      paymentId: 'pi_3PqR8s2eZvKYlo2C1x9yT0aB',
      orderId: 'order-1',
      amount: { amount: 3100, currency: 'EUR' },
    });
    expect(refund).toEqual({ id: 're_1', status: 'succeeded' });
    const [request] = seen as [SeenRequest];
    expect(request.path).toBe('/v1/refunds');
    expect(request.headers.get('idempotency-key')).toBe('refund-order-1');
    // No amount: Stripe refunds what is left of the charge, all of it.
    expect(Object.fromEntries(request.form)).toEqual({
      payment_intent: 'pi_3PqR8s2eZvKYlo2C1x9yT0aB',
      'metadata[orderId]': 'order-1',
    });
  });

  it('turns Stripe being down into UnavailableError (its text only in the cause), but not a refused request', async () => {
    const down = stripeAnswering(() => ({
      status: 503,
      body: { error: { type: 'api_error', message: 'Stripe is having trouble' } },
    }));
    const failure = await down.provider
      .createPayment({ orderId: 'order-1', amount: { amount: 3100, currency: 'EUR' } })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UnavailableError);
    expect((failure as Error).message).not.toContain('Stripe is having trouble');
    expect(((failure as Error).cause as { type: string }).type).toBe('StripeAPIError');

    const refused = stripeAnswering(() => ({
      status: 400,
      body: { error: { type: 'invalid_request_error', message: 'Amount must be at least 50 cents' } },
    }));
    const invalid = await refused.provider
      .createPayment({ orderId: 'order-1', amount: { amount: 10, currency: 'EUR' } })
      .catch((error: unknown) => error);
    expect(invalid).not.toBeInstanceOf(UnavailableError);
    expect((invalid as { type: string }).type).toBe('StripeInvalidRequestError');
  });

  it('reads a correctly signed payment_intent.succeeded, payment_failed and charge.refunded', async () => {
    const { provider, seen } = stripeAnswering(() => ({ status: 500, body: {} }));
    const succeeded = signed(stripeEvent('payment_intent.succeeded', intent({ status: 'succeeded' })));
    expect(await provider.verify(succeeded.payload, succeeded.signature)).toEqual({
      id: 'evt_payment_intent_succeeded',
      type: 'payment_intent.succeeded',
      kind: 'payment_succeeded',
      paymentId: 'pi_3PqR8s2eZvKYlo2C1x9yT0aB',
      orderId: 'order-1',
      amount: { amount: 3100, currency: 'EUR' },
    });
    const failed = signed(stripeEvent('payment_intent.payment_failed', intent()));
    expect((await provider.verify(failed.payload, failed.signature)).kind).toBe('payment_failed');
    const refunded = signed(
      stripeEvent('charge.refunded', {
        id: 'ch_1',
        object: 'charge',
        payment_intent: 'pi_3PqR8s2eZvKYlo2C1x9yT0aB',
        amount: 3100,
        amount_refunded: 3100,
        currency: 'eur',
        refunded: true,
      }),
    );
    expect(await provider.verify(refunded.payload, refunded.signature)).toEqual({
      id: 'evt_charge_refunded',
      type: 'charge.refunded',
      kind: 'refund_succeeded',
      paymentId: 'pi_3PqR8s2eZvKYlo2C1x9yT0aB',
      amount: { amount: 3100, currency: 'EUR' },
    });
    const other = signed(stripeEvent('customer.created', { id: 'cus_1', object: 'customer' }));
    expect((await provider.verify(other.payload, other.signature)).kind).toBe('ignored');
    // Verification is local: nothing went to Stripe.
    expect(seen).toHaveLength(0);
  });

  it('refuses a body changed after signing, another secret and a missing header with a ValidationError on the header', async () => {
    const { provider } = stripeAnswering(() => ({ status: 500, body: {} }));
    const good = signed(stripeEvent('payment_intent.succeeded', intent({ status: 'succeeded' })));
    const tampered = good.payload.replace('"amount":3100', '"amount":1');
    expect(tampered).not.toBe(good.payload);
    const wrongSecret = signed(
      stripeEvent('payment_intent.succeeded', intent({ status: 'succeeded' })),
      'whsec_someone_else',
    );
    for (const [payload, signature] of [
      [tampered, good.signature],
      [wrongSecret.payload, wrongSecret.signature],
      [good.payload, undefined],
    ] as const) {
      const error = await provider.verify(payload, signature).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).errors[0]?.path).toBe('header.stripe-signature');
    }
    // The positive: the untouched body with its own signature passes.
    expect((await provider.verify(good.payload, good.signature)).kind).toBe('payment_succeeded');
  });
});
