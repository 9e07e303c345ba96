import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { createStripeProvider } from '../../src/adapters/payments/stripe-provider.js';
import { type OrderingApi, startOrderingApi, useOrderingApi } from '../support/ordering-api.js';
import { perTestFile } from '../support/per-test-file.js';
import { JSON_HEADERS, json } from '../support/test-api.js';

const eur = (amount: number) => ({ amount, currency: 'EUR' });
const berlin = {
  name: 'Ada Lovelace',
  line1: 'Unter den Linden 1',
  postalCode: '10117',
  city: 'Berlin',
  country: 'DE',
};
const WEBHOOK_SECRET = 'whsec_e2e_payments';

/** A guest's order of `quantity` products (10.00 EUR each, 0 % tax, no shipping): its id and token. */
async function guestOrder(api: OrderingApi, productId: string, quantity = 2) {
  // Checkout needs the address country's tax rates: none here, so totals stay round.
  await api.request('/tax-rates/DE', {
    method: 'PUT',
    headers: { ...api.admin, ...JSON_HEADERS },
    body: JSON.stringify({ standard: 0, reduced: 0, zero: 0 }),
  });
  const cart = await json(await api.request('/carts', { method: 'POST', headers: JSON_HEADERS }));
  await api.request(`/carts/${cart.id}/items/${productId}`, {
    method: 'PUT',
    headers: JSON_HEADERS,
    body: JSON.stringify({ quantity }),
  });
  // No Authorization at all: a guest.
  const placed = await api.placeOrder({} as { authorization: string }, {
    cartId: cart.id,
    email: 'ada@example.com',
    shippingAddress: berlin,
  });
  expect(placed.status).toBe(201);
  const order = await json(placed);
  return { id: order.id as string, token: { 'x-order-token': order.accessToken as string } };
}

const post = (api: OrderingApi, path: string, headers: Record<string, string> = {}, body?: string) =>
  api.request(path, { method: 'POST', headers, ...(body === undefined ? {} : { body }) });

describe('payments with the test provider over HTTP', () => {
  const api = useOrderingApi();

  it('takes a guest from order to paid: 201 then 200 with the same payment, the test provider succeeds it once', async () => {
    const mug = await api().stockedProduct(10, { price: eur(1000) });
    const { id, token } = await guestOrder(api(), mug);
    const first = await post(api(), `/orders/${id}/payment`, token);
    expect(first.status).toBe(201);
    expect(first.headers.get('cache-control')).toBe('no-store');
    const payment = await json(first);
    expect(payment).toEqual({
      provider: 'test',
      paymentId: expect.stringMatching(/^tp_/),
      status: 'requires_payment',
    });
    const again = await post(api(), `/orders/${id}/payment`, token);
    expect(again.status).toBe(200);
    expect(await json(again)).toEqual(payment);

    const succeeded = await post(api(), `/payments/test/${payment.paymentId}/succeed`);
    expect(succeeded.status).toBe(200);
    expect((await json(succeeded)).status).toBe('succeeded');
    const order = await json(await api().request(`/orders/${id}`, { headers: token }));
    expect(order.status).toBe('paid');
    expect(order.refund).toBeNull();
    // The same call again is a replay: still 200, nothing new happens (one order.paid).
    expect((await post(api(), `/payments/test/${payment.paymentId}/succeed`)).status).toBe(200);
    const { rows } = await api().database.pool.query(
      "SELECT count(*)::int AS n FROM order_events WHERE order_id = $1 AND type = 'order.paid'",
      [id],
    );
    expect(rows[0].n).toBe(1);
    // Paid: no new payment can start.
    const late = await post(api(), `/orders/${id}/payment`, token);
    expect(late.status).toBe(409);
    expect((await json(late)).errors).toEqual([{ path: 'status', message: 'is paid' }]);
  });

  it("answers 404 without the order token (or with someone else's), as GET /orders/{id} does, and creates nothing", async () => {
    const mug = await api().stockedProduct(10, { price: eur(1000) });
    const { id } = await guestOrder(api(), mug);
    const other = await guestOrder(api(), mug);
    expect((await post(api(), `/orders/${id}/payment`)).status).toBe(404);
    expect((await post(api(), `/orders/${id}/payment`, other.token)).status).toBe(404);
    expect((await post(api(), `/orders/${id}/payment`, await api().customer('mallory'))).status).toBe(404);
    const { rowCount } = await api().database.pool.query('SELECT 1 FROM payments WHERE order_id = $1', [id]);
    expect(rowCount).toBe(0);
    // The owner's way in works: a customer pays their own order.
    const alice = await api().customer('alice');
    const placed = await api().placeOrder(alice, { items: [{ productId: mug, quantity: 1 }] });
    const own = await json(placed);
    expect((await post(api(), `/orders/${own.id}/payment`, alice)).status).toBe(201);
  });

  it("keeps a failed payment's order placed; the customer tries again and it succeeds", async () => {
    const mug = await api().stockedProduct(10, { price: eur(1000) });
    const { id, token } = await guestOrder(api(), mug);
    const { paymentId } = await json(await post(api(), `/orders/${id}/payment`, token));
    expect((await json(await post(api(), `/payments/test/${paymentId}/fail`))).status).toBe('failed');
    expect((await json(await api().request(`/orders/${id}`, { headers: token }))).status).toBe('placed');
    const retry = await post(api(), `/orders/${id}/payment`, token);
    expect(retry.status).toBe(200);
    expect((await json(retry)).status).toBe('failed');
    await post(api(), `/payments/test/${paymentId}/succeed`);
    expect((await json(await api().request(`/orders/${id}`, { headers: token }))).status).toBe('paid');
    expect((await post(api(), '/payments/test/tp_unknown/succeed')).status).toBe(404);
  });

  it('refunds a paid order an admin cancels, in full: refund succeeded, stock back once, the guest sees it', async () => {
    const mug = await api().stockedProduct(10, { price: eur(1000) });
    const { id, token } = await guestOrder(api(), mug, 3);
    expect(await api().available(mug)).toBe(7);
    const { paymentId } = await json(await post(api(), `/orders/${id}/payment`, token));
    await post(api(), `/payments/test/${paymentId}/succeed`);
    // The guest may not cancel a paid order; the admin may.
    expect((await post(api(), `/orders/${id}/cancel`, token)).status).toBe(409);
    const cancelled = await post(api(), `/orders/${id}/cancel`, api().admin);
    expect(cancelled.status).toBe(200);
    const body = await json(cancelled);
    expect(body.status).toBe('cancelled');
    expect(body.refund).toEqual({ status: 'succeeded', amount: eur(3000) });
    expect(await api().available(mug)).toBe(10);
    expect((await post(api(), `/orders/${id}/cancel`, api().admin)).status).toBe(409);
    expect(await api().available(mug)).toBe(10);
    const seen = await json(await api().request(`/orders/${id}`, { headers: token }));
    expect(seen.refund).toEqual({ status: 'succeeded', amount: eur(3000) });
  });

  it('lets an admin still mark a placed order paid by hand', async () => {
    const mug = await api().stockedProduct(10, { price: eur(1000) });
    const { id } = await guestOrder(api(), mug);
    const moved = await api().request(`/orders/${id}/status`, {
      method: 'POST',
      headers: { ...api().admin, ...JSON_HEADERS },
      body: JSON.stringify({ status: 'paid' }),
    });
    expect(moved.status).toBe(200);
    expect((await json(moved)).status).toBe('paid');
  });
});

describe('Stripe webhooks over HTTP (the SDK over a stand-in for Stripe)', () => {
  const intents = new Map<string, Record<string, unknown>>();
  /** Answers PaymentIntent and refund creation as Stripe does, the same intent for the same idempotency key. */
  const fetchLikeStripe = async (input: string | URL | Request, init?: RequestInit) => {
    const path = new URL(String(input)).pathname;
    const form = new URLSearchParams(String(init?.body ?? ''));
    const key = new Headers(init?.headers).get('idempotency-key') ?? '';
    let body: Record<string, unknown>;
    if (path === '/v1/payment_intents') {
      body = intents.get(key) ?? {
        id: `pi_${key}`,
        object: 'payment_intent',
        amount: Number(form.get('amount')),
        currency: form.get('currency'),
        status: 'requires_payment_method',
        client_secret: `pi_${key}_secret_x`,
        metadata: { orderId: form.get('metadata[orderId]') },
      };
      intents.set(key, body);
    } else {
      body = { id: `re_${key}`, object: 'refund', status: 'succeeded' };
    }
    return new Response(JSON.stringify(body), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  };
  const api = perTestFile(
    'the ordering API with Stripe',
    () =>
      startOrderingApi({
        paymentProvider: createStripeProvider({
          keys: { secretKey: 'sk_test_e2e', webhookSecret: WEBHOOK_SECRET },
          httpClient: (sdk) => sdk.createFetchHttpClient(fetchLikeStripe as typeof fetch),
          maxNetworkRetries: 0,
        }),
      }),
    (started) => started.close(),
  );

  const event = (id: string, type: string, object: Record<string, unknown>) =>
    JSON.stringify({ id, object: 'event', type, created: 1_790_000_000, data: { object } });
  const deliver = (payload: string, secret = WEBHOOK_SECRET) =>
    post(
      api(),
      '/webhooks/stripe',
      {
        'content-type': 'application/json',
        'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload, secret }),
      },
      payload,
    );

  it('has no test-provider routes with Stripe', async () => {
    expect((await post(api(), '/payments/test/pi_x/succeed')).status).toBe(404);
  });

  it('creates a PaymentIntent with a client secret, then a signed payment_intent.succeeded pays the order once; a bad signature changes nothing', async () => {
    const mug = await api().stockedProduct(10, { price: eur(1000) });
    const { id, token } = await guestOrder(api(), mug);
    const started = await post(api(), `/orders/${id}/payment`, token);
    expect(started.status).toBe(201);
    const payment = await json(started);
    expect(payment).toEqual({
      provider: 'stripe',
      paymentId: `pi_${id}`,
      status: 'requires_payment',
      clientSecret: `pi_${id}_secret_x`,
    });
    const succeeded = event(`evt_ok_${id}`, 'payment_intent.succeeded', {
      ...intents.get(id),
      status: 'succeeded',
    });

    const forged = await deliver(succeeded, 'whsec_not_ours');
    expect(forged.status).toBe(400);
    expect((await json(forged)).errors).toEqual([
      { path: 'header.stripe-signature', message: 'does not match the body (or is too old)' },
    ]);
    const unsigned = await post(api(), '/webhooks/stripe', JSON_HEADERS, succeeded);
    expect(unsigned.status).toBe(400);
    expect((await json(await api().request(`/orders/${id}`, { headers: token }))).status).toBe('placed');

    const delivered = await deliver(succeeded);
    expect(delivered.status).toBe(200);
    expect(await json(delivered)).toEqual({ received: true, replayed: false });
    expect((await json(await api().request(`/orders/${id}`, { headers: token }))).status).toBe('paid');

    // Stripe delivers again, some at once: one state change, every delivery 200.
    const again = await Promise.all(Array.from({ length: 5 }, () => deliver(succeeded)));
    expect(again.map((response) => response.status)).toEqual([200, 200, 200, 200, 200]);
    for (const response of again) expect(await json(response)).toEqual({ received: true, replayed: true });
    const { rows } = await api().database.pool.query(
      'SELECT type FROM order_events WHERE order_id = $1 ORDER BY sequence',
      [id],
    );
    expect(rows.map((row) => row.type)).toEqual(['order.placed', 'order.paid']);
  });

  it('refunds a payment that succeeds after its order expired, and confirms it by charge.refunded once', async () => {
    const mug = await api().stockedProduct(10, { price: eur(1000) });
    const { id, token } = await guestOrder(api(), mug);
    await post(api(), `/orders/${id}/payment`, token);
    // Expired: placed for longer than the timeout, then the job's run.
    await api().database.pool.query(
      "UPDATE orders SET created_at = now() - interval '2 hours' WHERE id = $1",
      [id],
    );
    const expiry = await api().payments?.expireUnpaidOrders();
    expect(expiry?.cancelled).toBeGreaterThanOrEqual(1);
    expect(await api().available(mug)).toBe(10);

    const late = await deliver(
      event(`evt_late_${id}`, 'payment_intent.succeeded', { ...intents.get(id), status: 'succeeded' }),
    );
    expect(late.status).toBe(200);
    const order = await json(await api().request(`/orders/${id}`, { headers: token }));
    expect(order.status).toBe('cancelled');
    expect(order.refund).toEqual({ status: 'succeeded', amount: eur(2000) });
    const refunded = event(`evt_refund_${id}`, 'charge.refunded', {
      id: `ch_${id}`,
      object: 'charge',
      payment_intent: `pi_${id}`,
      amount: 2000,
      amount_refunded: 2000,
      currency: 'eur',
      refunded: true,
    });
    expect(await json(await deliver(refunded))).toEqual({ received: true, replayed: false });
    expect(await json(await deliver(refunded))).toEqual({ received: true, replayed: true });
    const { rows } = await api().database.pool.query(
      'SELECT type FROM order_events WHERE order_id = $1 ORDER BY sequence',
      [id],
    );
    expect(rows.map((row) => row.type)).toEqual(['order.placed', 'order.cancelled', 'order.refunded']);
    expect(await api().available(mug)).toBe(10);
  });
});
