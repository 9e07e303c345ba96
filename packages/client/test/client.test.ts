import { describe, expect, it } from 'vitest';
import { useOrderingApi } from '../../../test/support/ordering-api.js';
import { productBody } from '../../../test/support/test-api.js';
import { ApiError, createSlimshopClient, PreconditionFailedError, type ProductInput } from '../src/index.js';

/**
 * The client against the whole app in-process (catalog on DynamoDB Local, orders on PostgreSQL), every
 * response also checked against the OpenAPI document by the test app.
 */
describe('@slimshop/client', () => {
  const api = useOrderingApi();
  const client = (token?: string, fetch = (request: Request) => api().fetch(request)) =>
    createSlimshopClient({ baseUrl: 'http://localhost', fetch, ...(token === undefined ? {} : { token }) });
  const admin = async () => client(await api().token('admin', 'client-admin'));
  const product = (overrides: Record<string, unknown> = {}) =>
    productBody({ categoryId: 'shop', ...overrides }) as ProductInput;

  it('lists every product of a category across pages, each once', async () => {
    const shop = await admin();
    const { value: category } = await shop.createCategory({ name: 'Paged' });
    const created = new Set<string>();
    for (let i = 0; i < 7; i++) {
      created.add((await shop.createProduct(product({ categoryId: category.id }))).value.id);
    }
    const listed: string[] = [];
    for await (const item of client().listProducts({ categoryId: category.id, pageSize: 3 }))
      listed.push(item.id);
    expect(listed).toHaveLength(7);
    expect(new Set(listed)).toEqual(created);
  });

  it('creates once when the answer is lost: the retry carries the same Idempotency-Key', async () => {
    const keys: (string | null)[] = [];
    let dropped = false;
    const flaky = async (request: Request) => {
      keys.push(request.headers.get('idempotency-key'));
      const response = await api().fetch(request);
      if (dropped) return response;
      dropped = true;
      throw new TypeError('fetch failed: the connection was reset');
    };
    const shop = client(await api().token('admin', 'client-admin'), flaky);
    const body = product();
    const { value: created } = await shop.createProduct(body);

    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
    const withSku: string[] = [];
    for await (const item of client().listProducts({ q: body.name }))
      if (item.sku === body.sku) withSku.push(item.id);
    expect(withSku).toEqual([created.id]);
  });

  it('reads with an ETag, updates with If-Match, and turns a stale ETag into a PreconditionFailedError', async () => {
    const shop = await admin();
    const { value: created, etag } = await shop.createProduct(product({ name: 'Espresso cup' }));
    expect(etag).toBe('"1"');
    const read = await shop.getProduct(created.id);
    expect(read.etag).toBe('"1"');

    const updated = await shop.updateProduct(created.id, { price: { amount: 990 } }, { etag: read.etag });
    expect(updated.value.price).toEqual({ amount: 990, currency: 'EUR' });
    expect(updated.etag).toBe('"2"');

    const stale = shop.updateProduct(created.id, { name: 'Too late' }, { etag: read.etag });
    await expect(stale).rejects.toBeInstanceOf(PreconditionFailedError);
    await expect(stale).rejects.toMatchObject({ status: 412, title: 'Precondition Failed' });
    expect((await shop.getProduct(created.id)).value.name).toBe('Espresso cup');
  });

  it('throws problem+json answers as an ApiError with status, title, detail and errors', async () => {
    const shop = await admin();
    const invalid = shop.createProduct(product({ price: { amount: 9.5, currency: 'EUR' } }));
    await expect(invalid).rejects.toBeInstanceOf(ApiError);
    await expect(invalid).rejects.toMatchObject({
      status: 400,
      title: 'Bad Request',
      errors: [{ path: 'price.amount', message: expect.any(String) }],
    });
    await expect(client().getProduct('no-such-product')).rejects.toMatchObject({ status: 404, errors: [] });
    const anonymousLines = client().placeOrder({ items: [{ productId: 'p', quantity: 1 }] });
    await expect(anonymousLines).rejects.toMatchObject({ status: 401, requestId: expect.any(String) });
  });

  it('lets a guest quote, order and read their order with its access token', async () => {
    const mug = await api().stockedProduct(3, { name: 'Mug', price: { amount: 1450, currency: 'EUR' } });
    await api().request('/tax-rates/DE', {
      method: 'PUT',
      headers: { ...api().admin, 'content-type': 'application/json' },
      body: JSON.stringify({ standard: 19, reduced: 7, zero: 0 }),
    });
    const guest = client();
    const cart = await guest.createCart();
    expect(cart.customerId).toBeNull();
    await guest.setCartItem(cart.id, mug, 1);
    const address = { name: 'Ada', line1: 'Main St 1', postalCode: '10117', city: 'Berlin', country: 'DE' };
    const quote = await guest.quoteCart(cart.id, { shippingAddress: address });
    const order = await guest.placeOrder({
      cartId: cart.id,
      email: 'ada@example.com',
      shippingAddress: address,
    });
    expect(order.total).toEqual(quote.total);
    expect(quote.taxTotal).toEqual({ amount: 232, currency: 'EUR' }); // 1450 × 19/119 = 231.5 → 232
    const token = order.accessToken as string;
    expect((await guest.getOrder(order.id, token)).email).toBe('ada@example.com');
    await expect(guest.getOrder(order.id)).rejects.toMatchObject({ status: 404 });
    expect((await guest.cancelOrder(order.id, undefined, token)).status).toBe('cancelled');
  });

  it('fills a cart and places the order; not enough stock is a 409 naming the product', async () => {
    const mug = await api().stockedProduct(3, { name: 'Mug', price: { amount: 1450, currency: 'EUR' } });
    const alice = client(await api().token('customer', 'client-alice'));
    const cart = await alice.createCart();
    await alice.setCartItem(cart.id, mug, 2);
    expect((await alice.getCart(cart.id)).totals).toEqual([{ amount: 2900, currency: 'EUR' }]);

    const order = await alice.placeOrder({ cartId: cart.id });
    expect(order).toMatchObject({ status: 'placed', total: { amount: 2900, currency: 'EUR' } });
    expect((await alice.getInventory(mug)).available).toBe(1);
    const mine: string[] = [];
    for await (const placed of alice.listOrders()) mine.push(placed.id);
    expect(mine).toContain(order.id);

    const short = alice.placeOrder({ items: [{ productId: mug, quantity: 5 }] });
    await expect(short).rejects.toMatchObject({
      status: 409,
      problem: { products: [{ productId: mug, requested: 5, available: 1 }] },
    });
  });

  it('asks a token function before every request', async () => {
    const tokens = [await api().token('customer', 'first'), await api().token('customer', 'second')];
    let asked = 0;
    const shopper = createSlimshopClient({
      baseUrl: 'http://localhost',
      fetch: (request) => api().fetch(request),
      token: () => tokens[asked++ % 2],
    });
    const first = await shopper.createCart();
    const second = await shopper.createCart();
    expect([first.customerId, second.customerId]).toEqual(['first', 'second']);
  });
});
