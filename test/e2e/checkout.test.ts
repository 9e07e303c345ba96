import { beforeAll, describe, expect, it } from 'vitest';
import { type OrderingApi, useOrderingApi } from '../support/ordering-api.js';
import { JSON_HEADERS, json } from '../support/test-api.js';

const eur = (amount: number) => ({ amount, currency: 'EUR' });
const berlin = {
  name: 'Ada Lovelace',
  line1: 'Unter den Linden 1',
  postalCode: '10117',
  city: 'Berlin',
  country: 'DE',
};
const vienna = { ...berlin, line1: 'Graben 1', postalCode: '1010', city: 'Wien', country: 'AT' };
const paris = { ...berlin, line1: 'Rue de Rivoli 1', postalCode: '75001', city: 'Paris', country: 'FR' };
const anonymous: Record<string, string> = {};

/** The shop of these tests: DE and AT rates, standard (DE/AT, free from 50 EUR) and express (EU) shipping. */
async function setUpShop(api: OrderingApi) {
  const put = async (path: string, body: unknown) => {
    const response = await api.request(path, {
      method: 'PUT',
      headers: { ...api.admin, ...JSON_HEADERS },
      body: JSON.stringify(body),
    });
    if (response.status >= 300) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  };
  await put('/tax-rates/DE', { standard: 19, reduced: 7, zero: 0 });
  await put('/tax-rates/AT', { standard: 20, reduced: 10, zero: 0 });
  await put('/shipping-methods/standard', {
    name: 'Standard',
    countries: ['DE', 'AT'],
    price: eur(490),
    freeAbove: eur(5000),
    active: true,
  });
  await put('/shipping-methods/express', {
    name: 'Express',
    countries: ['DE', 'AT', 'FR'],
    price: eur(1490),
    active: true,
  });
  await put('/discount-codes/WELCOME10', { type: 'percent', value: 10, active: true });
  return {
    coffee: await api.stockedProduct(1000, { name: 'Coffee', price: eur(895), taxClass: 'reduced' }),
    mug: await api.stockedProduct(1000, { name: 'Mug', price: eur(1450) }),
  };
}

function shopper(api: () => OrderingApi) {
  const post = (
    path: string,
    auth: Record<string, string>,
    body?: unknown,
    headers: Record<string, string> = {},
  ) =>
    api().request(path, {
      method: 'POST',
      headers: { ...auth, ...JSON_HEADERS, ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  return {
    post,
    /** A cart (a guest's without auth) holding these lines. */
    async cart(auth: Record<string, string>, lines: [string, number][]) {
      const created = await post('/carts', auth);
      expect(created.status).toBe(201);
      const { id } = await json(created);
      for (const [productId, quantity] of lines) {
        const response = await api().request(`/carts/${id}/items/${productId}`, {
          method: 'PUT',
          headers: { ...auth, ...JSON_HEADERS },
          body: JSON.stringify({ quantity }),
        });
        expect(response.status).toBe(200);
      }
      return id as string;
    },
    order: (auth: Record<string, string>, body: unknown, key = crypto.randomUUID()) =>
      post('/orders', auth, body, { 'idempotency-key': key }),
    totals: (body: Record<string, unknown>) => ({
      subtotal: body.subtotal,
      discountTotal: body.discountTotal,
      shippingTotal: body.shippingTotal,
      taxTotal: body.taxTotal,
      total: body.total,
    }),
  };
}

describe('checkout over HTTP: guests, shipping, tax and discount codes (PostgreSQL + DynamoDB Local)', () => {
  const api = useOrderingApi();
  const shop = shopper(api);
  let coffee: string;
  let mug: string;
  beforeAll(async () => {
    ({ coffee, mug } = await setUpShop(api()));
  });

  it('takes a guest from an anonymous cart to an order they alone can read and cancel, priced as quoted', async () => {
    const cartId = await shop.cart(anonymous, [
      [coffee, 2],
      [mug, 1],
    ]);
    expect(cartId.length).toBeGreaterThanOrEqual(22); // ≥ 128 random bits
    const cart = await json(await api().request(`/carts/${cartId}`));
    expect(cart).toMatchObject({ id: cartId, customerId: null });

    const methods = await json(await api().request(`/shipping-methods?country=DE&cartId=${cartId}`));
    expect(methods.items.map((m: { id: string; price: unknown }) => [m.id, m.price])).toEqual([
      ['express', eur(1490)],
      ['standard', eur(490)],
    ]);
    const choices = { shippingAddress: berlin, shippingMethodId: 'standard', discountCode: 'welcome10' };
    const quoted = await shop.post(`/carts/${cartId}/quote`, anonymous, choices);
    expect(quoted.status).toBe(200);
    const quote = await json(quoted);
    // By hand: subtotal 2 × 895 + 1450 = 3240; 10 % off = 324 (coffee 179, mug 145); tax on what is left:
    // 1611 × 7/107 = 105.39 → 105, 1305 × 19/119 = 208.36 → 208, shipping 490 × 19/119 = 78.24 → 78.
    expect(shop.totals(quote)).toEqual({
      subtotal: eur(3240),
      discountTotal: eur(324),
      shippingTotal: eur(490),
      taxTotal: eur(391),
      total: eur(3406),
    });
    expect(
      // Cart lines come in product-id order: sorted by rate here.
      quote.items
        .map((line: { taxRate: number; taxAmount: unknown }) => [line.taxRate, line.taxAmount])
        .sort((a: [number], b: [number]) => a[0] - b[0]),
    ).toEqual([
      [7, eur(105)],
      [19, eur(208)],
    ]);

    const placed = await shop.order(anonymous, { cartId, email: 'ada@example.com', ...choices });
    expect(placed.status).toBe(201);
    expect(placed.headers.get('cache-control')).toBe('no-store');
    const order = await json(placed);
    expect(shop.totals(order)).toEqual(shop.totals(quote));
    expect(order).toMatchObject({
      customerId: null,
      email: 'ada@example.com',
      shippingAddress: berlin,
      billingAddress: berlin,
      shipping: { methodId: 'standard', name: 'Standard', amount: eur(490) },
      discount: { code: 'WELCOME10', amount: eur(324) },
    });
    expect(order.accessToken).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const read = (headers: Record<string, string>) => api().request(`/orders/${order.id}`, { headers });
    const opened = await read({ 'x-order-token': order.accessToken });
    expect(opened.status).toBe(200);
    const { accessToken, ...withoutToken } = order;
    expect(await json(opened)).toEqual(withoutToken);
    expect((await read({})).status).toBe(404);
    expect((await read({ 'x-order-token': `${accessToken.slice(0, -2)}AA` })).status).toBe(404);
    // A customer is no guest: without the token a guest's order is as absent to them as to anyone.
    expect((await read(await api().customer('nosy'))).status).toBe(404);

    const cancel = (headers: Record<string, string>) =>
      shop.post(`/orders/${order.id}/cancel`, headers, undefined, { 'idempotency-key': crypto.randomUUID() });
    expect((await cancel({ 'x-order-token': 'W'.repeat(43) })).status).toBe(404);
    const cancelled = await cancel({ 'x-order-token': accessToken });
    expect(cancelled.status).toBe(200);
    expect((await json(cancelled)).status).toBe('cancelled');
  });

  it('asks a guest for email and shipping address, refuses lines without a cart, and keeps customer carts private', async () => {
    const cartId = await shop.cart(anonymous, [[mug, 1]]);
    const missing = await shop.order(anonymous, { cartId });
    expect(missing.status).toBe(422);
    expect((await json(missing)).errors.map((e: { path: string }) => e.path)).toEqual([
      'email',
      'shippingAddress',
    ]);
    expect((await shop.order(anonymous, { items: [{ productId: mug, quantity: 1 }] })).status).toBe(401);

    const alice = await api().customer('checkout-alice');
    const own = await shop.cart(alice, [[mug, 1]]);
    expect((await api().request(`/carts/${own}`)).status).toBe(404);
    const foreign = await shop.order(anonymous, {
      cartId: own,
      email: 'x@example.com',
      shippingAddress: berlin,
    });
    expect(foreign.status).toBe(422);
    expect((await json(foreign)).errors[0].path).toBe('cartId');
    // A guest cart is open to whoever has its id, a signed-in customer included (signing in at checkout).
    expect((await api().request(`/carts/${cartId}`, { headers: alice })).status).toBe(200);
  });

  it("takes a customer's email from the token, and needs one from somewhere", async () => {
    const placed = await shop.order(await api().customer('with-email'), {
      items: [{ productId: mug, quantity: 1 }],
    });
    expect((await json(placed)).email).toBe('with-email@example.com');
    const noEmail = { authorization: `Bearer ${await api().token('customer', 'no-email', null)}` };
    const refused = await shop.order(noEmail, { items: [{ productId: mug, quantity: 1 }] });
    expect(refused.status).toBe(422);
    expect((await json(refused)).errors[0].path).toBe('email');
    const given = await shop.order(noEmail, {
      items: [{ productId: mug, quantity: 1 }],
      email: 'me@example.com',
    });
    expect((await json(given)).email).toBe('me@example.com');
  });

  it('taxes at the shipping country (AT), ships free from freeAbove, and refuses countries it does not serve', async () => {
    const alice = await api().customer('checkout-austria');
    const cartId = await shop.cart(alice, [
      [coffee, 2],
      [mug, 1],
    ]);
    const quote = async (body: unknown) => shop.post(`/carts/${cartId}/quote`, alice, body);
    // 1790 × 10/110 = 162.73 → 163; 1450 × 20/120 = 241.67 → 242; shipping 490 × 20/120 = 81.67 → 82
    const austria = await json(await quote({ shippingAddress: vienna, shippingMethodId: 'standard' }));
    expect(austria.taxTotal).toEqual(eur(163 + 242 + 82));
    expect(austria.total).toEqual(eur(3240 + 490));

    const big = await shop.cart(alice, [[mug, 4]]); // 5800 ≥ 5000
    const free = await json(
      await shop.post(`/carts/${big}/quote`, alice, {
        shippingAddress: berlin,
        shippingMethodId: 'standard',
      }),
    );
    expect(free.shippingTotal).toEqual(eur(0));
    const listed = await json(
      await api().request(`/shipping-methods?country=DE&cartId=${big}`, { headers: alice }),
    );
    expect(listed.items.find((m: { id: string }) => m.id === 'standard').price).toEqual(eur(0));

    const paths = async (response: Response) => {
      expect(response.status).toBe(422);
      return (await json(response)).errors.map((e: { path: string }) => e.path);
    };
    expect(await paths(await quote({ shippingAddress: paris, shippingMethodId: 'express' }))).toEqual([
      'shippingAddress.country',
    ]);
    expect(await paths(await quote({ shippingAddress: berlin, shippingMethodId: 'nowhere' }))).toEqual([
      'shippingMethodId',
    ]);
    expect(await paths(await quote({ shippingMethodId: 'standard' }))).toEqual(['shippingAddress']);
    expect(await paths(await quote({ discountCode: 'NOPE' }))).toEqual(['discountCode']);
    const placed = await shop.order(alice, { cartId, shippingAddress: paris, shippingMethodId: 'express' });
    expect(await paths(placed)).toEqual(['shippingAddress.country']);
  });

  it('redeems a code with maxRedemptions 5 exactly 5 times among 40 concurrent orders', async () => {
    const created = await api().request('/discount-codes/LIMITED5', {
      method: 'PUT',
      headers: { ...api().admin, ...JSON_HEADERS },
      body: JSON.stringify({ type: 'fixed', value: eur(100), maxRedemptions: 5, active: true }),
    });
    expect(created.status).toBe(201);
    const buyers = await Promise.all(Array.from({ length: 40 }, (_, i) => api().customer(`limited-${i}`)));
    const responses = await Promise.all(
      buyers.map((buyer) =>
        shop.order(buyer, { items: [{ productId: mug, quantity: 1 }], discountCode: 'limited5' }),
      ),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(5);
    expect(statuses.filter((status) => status === 422)).toHaveLength(35);
    for (const response of responses) {
      const body = await json(response);
      if (response.status === 201) expect(body.discount).toEqual({ code: 'LIMITED5', amount: eur(100) });
      else expect(body.errors).toEqual([{ path: 'discountCode', message: expect.stringMatching(/used up/) }]);
    }
    const code = await json(await api().request('/discount-codes/limited5', { headers: api().admin }));
    expect(code.redemptions).toBe(5);
  });

  it('gives a redemption back once when its order is cancelled, and the code redeems again', async () => {
    await api().request('/discount-codes/ONCE', {
      method: 'PUT',
      headers: { ...api().admin, ...JSON_HEADERS },
      body: JSON.stringify({ type: 'percent', value: 50, maxRedemptions: 1, active: true }),
    });
    const redemptions = async () =>
      (await json(await api().request('/discount-codes/ONCE', { headers: api().admin }))).redemptions;
    const bob = await api().customer('checkout-bob');
    const first = await json(
      await shop.order(bob, { items: [{ productId: mug, quantity: 1 }], discountCode: 'ONCE' }),
    );
    expect(first.discountTotal).toEqual(eur(725));
    expect(await redemptions()).toBe(1);
    const usedUp = await shop.order(bob, { items: [{ productId: mug, quantity: 1 }], discountCode: 'ONCE' });
    expect(usedUp.status).toBe(422);
    expect((await json(usedUp)).errors[0].message).toMatch(/used up/);
    const cancel = () =>
      shop.post(`/orders/${first.id}/cancel`, bob, undefined, { 'idempotency-key': crypto.randomUUID() });
    expect((await cancel()).status).toBe(200);
    expect((await cancel()).status).toBe(409);
    expect(await redemptions()).toBe(0);
    const second = await shop.order(bob, { items: [{ productId: mug, quantity: 1 }], discountCode: 'ONCE' });
    expect(second.status).toBe(201);
    expect(await redemptions()).toBe(1);
  });

  it('prices each order with the rates, shipping and code as they are when it is placed', async () => {
    const amsterdam = { ...berlin, line1: 'Dam 1', postalCode: '1012', city: 'Amsterdam', country: 'NL' };
    const put = async (path: string, body: unknown) =>
      expect(
        (
          await api().request(path, {
            method: 'PUT',
            headers: { ...api().admin, ...JSON_HEADERS },
            body: JSON.stringify(body),
          })
        ).status,
      ).toBeLessThan(300);
    const setUp = async (rate: number, shipping: number, percent: number) => {
      await put('/tax-rates/NL', { standard: rate, reduced: 9, zero: 0 });
      await put('/shipping-methods/parcel-nl', {
        name: 'Parcel',
        countries: ['NL'],
        price: eur(shipping),
        active: true,
      });
      await put('/discount-codes/SPRING', { type: 'percent', value: percent, active: true });
    };
    const carol = await api().customer('checkout-carol');
    const order = async () =>
      json(
        await shop.order(carol, {
          items: [{ productId: mug, quantity: 1 }],
          shippingAddress: amsterdam,
          shippingMethodId: 'parcel-nl',
          discountCode: 'SPRING',
        }),
      );
    await setUp(21, 500, 10);
    const before = await order();
    expect([before.items[0].taxRate, before.shippingTotal, before.discountTotal]).toEqual([
      21,
      eur(500),
      eur(145),
    ]);
    await setUp(20, 600, 20);
    const after = await order();
    expect([after.items[0].taxRate, after.shippingTotal, after.discountTotal]).toEqual([
      20,
      eur(600),
      eur(290),
    ]);
    const removed = await api().request('/shipping-methods/parcel-nl', {
      method: 'DELETE',
      headers: api().admin,
    });
    expect(removed.status).toBe(204);
    const refused = await order();
    expect(refused.errors.map((e: { path: string }) => e.path)).toEqual(['shippingMethodId']);
  });
});

describe('checkout with net prices (PRICES_INCLUDE_TAX=false)', () => {
  const api = useOrderingApi({ taxPolicy: { pricesIncludeTax: false, shopCountry: 'DE' } });
  const shop = shopper(api);

  it('adds the tax on top, per line and on shipping, rounded half up, and the order equals the quote', async () => {
    const { coffee, mug } = await setUpShop(api());
    const alice = await api().customer('net-alice');
    const cartId = await shop.cart(alice, [
      [coffee, 2],
      [mug, 1],
    ]);
    const choices = { shippingAddress: berlin, shippingMethodId: 'standard' };
    const quote = await json(await shop.post(`/carts/${cartId}/quote`, alice, choices));
    // 1790 × 7 % = 125.3 → 125; 1450 × 19 % = 275.5 → 276; shipping 490 × 19 % = 93.1 → 93
    expect(shop.totals(quote)).toEqual({
      subtotal: eur(3240),
      discountTotal: eur(0),
      shippingTotal: eur(490),
      taxTotal: eur(494),
      total: eur(4224),
    });
    const order = await json(await shop.order(alice, { cartId, ...choices }));
    expect(shop.totals(order)).toEqual(shop.totals(quote));
  });
});
