import { describe, expect, it } from 'vitest';
import { useOrderingApi } from '../support/ordering-api.js';
import { JSON_HEADERS, json } from '../support/test-api.js';

const eur = (amount: number) => ({ amount, currency: 'EUR' });

describe('shipping methods, tax rates and discount codes over HTTP (PostgreSQL)', () => {
  const api = useOrderingApi();

  const put = (path: string, body: unknown, auth: Record<string, string> = api().admin) =>
    api().request(path, {
      method: 'PUT',
      headers: { ...auth, ...JSON_HEADERS },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const get = (path: string, auth: Record<string, string> = api().admin) =>
    api().request(path, { headers: auth });
  const remove = (path: string, auth: Record<string, string> = api().admin) =>
    api().request(path, { method: 'DELETE', headers: auth });
  const anonymous = {};
  /** Ids of the shipping methods a list answered with, in order. */
  const ids = async (response: Response) => {
    expect(response.status).toBe(200);
    const page = await json(response);
    expect(page.nextCursor).toBeNull();
    return page.items.map((item: { id: string }) => item.id);
  };
  const method = (overrides: Record<string, unknown> = {}) => ({
    name: 'Standard (DE/AT)',
    countries: ['DE', 'AT'],
    price: eur(490),
    freeAbove: eur(5000),
    active: true,
    ...overrides,
  });
  const problemPaths = async (response: Response) => {
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    return (await json(response)).errors.map((error: { path: string }) => error.path);
  };

  describe('shipping methods', () => {
    it('creates (201), replaces (200), reads, deletes (204) and then answers 404', async () => {
      const created = await put('/shipping-methods/crud-standard', method());
      expect(created.status).toBe(201);
      expect(created.headers.get('location')).toBe('/shipping-methods/crud-standard');
      const body = await json(created);
      expect(body).toEqual({
        id: 'crud-standard',
        name: 'Standard (DE/AT)',
        countries: ['DE', 'AT'],
        price: eur(490),
        freeAbove: eur(5000),
        taxClass: 'standard',
        active: true,
        createdAt: expect.any(String),
        updatedAt: body.createdAt,
      });

      const replaced = await put(
        '/shipping-methods/crud-standard',
        method({ name: 'Standard', taxClass: 'reduced' }),
      );
      expect(replaced.status).toBe(200);
      expect(replaced.headers.get('location')).toBeNull();
      expect(await json(replaced)).toMatchObject({
        name: 'Standard',
        taxClass: 'reduced',
        createdAt: body.createdAt,
      });
      expect(await json(await get('/shipping-methods/crud-standard'))).toMatchObject({ name: 'Standard' });

      expect((await remove('/shipping-methods/crud-standard')).status).toBe(204);
      expect((await get('/shipping-methods/crud-standard')).status).toBe(404);
      expect((await remove('/shipping-methods/crud-standard')).status).toBe(404);
    });

    it('lists the active methods serving a country to anyone; admins without a country see inactive ones too', async () => {
      await put('/shipping-methods/flt-dach', method({ countries: ['DE', 'AT', 'CH'] }));
      await put('/shipping-methods/flt-fr', method({ countries: ['FR'] }));
      await put('/shipping-methods/flt-off', method({ countries: ['DE'], active: false }));
      const ours = (list: string[]) => list.filter((id) => id.startsWith('flt-'));

      expect(ours(await ids(await get('/shipping-methods?country=DE', anonymous)))).toEqual(['flt-dach']);
      expect(ours(await ids(await get('/shipping-methods?country=FR', anonymous)))).toEqual(['flt-fr']);
      expect(ours(await ids(await get('/shipping-methods?country=IT', anonymous)))).toEqual([]);
      // With a country, admins too get what a customer could choose.
      expect(ours(await ids(await get('/shipping-methods?country=DE')))).toEqual(['flt-dach']);
      expect(ours(await ids(await get('/shipping-methods', anonymous)))).toEqual(['flt-dach', 'flt-fr']);
      const customer = await api().customer('lister');
      expect(ours(await ids(await get('/shipping-methods', customer)))).toEqual(['flt-dach', 'flt-fr']);
      expect(ours(await ids(await get('/shipping-methods')))).toEqual(['flt-dach', 'flt-fr', 'flt-off']);
    });

    it("prices each method for a cart: 0 once the cart's lines reach freeAbove", async () => {
      await put('/shipping-methods/cart-std', method({ countries: ['NL'] }));
      await put(
        '/shipping-methods/cart-exp',
        method({ countries: ['NL'], name: 'Express', price: eur(1490), freeAbove: undefined }),
      );
      const mug = await api().stockedProduct(10, { price: eur(3000) });
      const alice = await api().customer('shipping-alice');
      const cart = (await json(await api().request('/carts', { method: 'POST', headers: alice }))).id;
      const setQuantity = (quantity: number) =>
        put(`/carts/${cart}/items/${mug}`, { quantity }, alice).then((response) =>
          expect(response.status).toBe(200),
        );
      const prices = async () => {
        const response = await get(`/shipping-methods?country=NL&cartId=${cart}`, alice);
        expect(response.status).toBe(200);
        const { items } = await json(response);
        return Object.fromEntries(items.map((item: { id: string; price: unknown }) => [item.id, item.price]));
      };

      await setQuantity(1); // 30.00: below 50.00
      expect(await prices()).toEqual({ 'cart-exp': eur(1490), 'cart-std': eur(490) });
      await setQuantity(2); // 60.00: free
      expect(await prices()).toEqual({ 'cart-exp': eur(1490), 'cart-std': eur(0) });
      // Without the cart, the method's own price.
      const { items } = await json(await get('/shipping-methods?country=NL', alice));
      expect(items.find((item: { id: string }) => item.id === 'cart-std').price).toEqual(eur(490));

      // Someone else's cart is no cart of yours.
      const bob = await api().customer('shipping-bob');
      const foreign = await get(`/shipping-methods?country=NL&cartId=${cart}`, bob);
      expect(foreign.status).toBe(422);
      expect(await problemPaths(foreign)).toEqual(['query.cartId']);
      expect((await get(`/shipping-methods?country=NL&cartId=${cart}`, anonymous)).status).toBe(422);
    });
  });

  describe('tax rates', () => {
    it('sets (200 on create and on replace), reads, deletes and pages with a cursor', async () => {
      const first = await put('/tax-rates/DE', { standard: 19, reduced: 7, zero: 0 });
      expect(first.status).toBe(200);
      expect(await json(first)).toEqual({
        country: 'DE',
        standard: 19,
        reduced: 7,
        zero: 0,
        updatedAt: expect.any(String),
      });
      const again = await put('/tax-rates/DE', { standard: 19, reduced: 7.5, zero: 0 });
      expect(again.status).toBe(200);
      expect(await json(await get('/tax-rates/DE'))).toMatchObject({ reduced: 7.5 });

      for (const country of ['AT', 'FR', 'IT', 'BE']) {
        expect((await put(`/tax-rates/${country}`, { standard: 20, reduced: 10, zero: 0 })).status).toBe(200);
      }
      const seen: string[] = [];
      let next = '/tax-rates?limit=2';
      for (;;) {
        const response = await get(next);
        expect(response.status).toBe(200);
        const page = await json(response);
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items.map((rates: { country: string }) => rates.country));
        if (page.nextCursor === null) break;
        next = `/tax-rates?limit=2&cursor=${encodeURIComponent(page.nextCursor)}`;
      }
      expect(seen).toEqual(['AT', 'BE', 'DE', 'FR', 'IT']);
      const badCursor = await get('/tax-rates?cursor=not-a-cursor');
      expect(badCursor.status).toBe(400);
      expect(await problemPaths(badCursor)).toEqual(['query.cursor']);

      expect((await remove('/tax-rates/BE')).status).toBe(204);
      expect((await get('/tax-rates/BE')).status).toBe(404);
      expect((await remove('/tax-rates/BE')).status).toBe(404);
    });
  });

  describe('discount codes', () => {
    it('treats codes case-insensitively: one code, stored and answered in upper case', async () => {
      const created = await put('/discount-codes/welcome10', { type: 'percent', value: 10, active: true });
      expect(created.status).toBe(201);
      expect(created.headers.get('location')).toBe('/discount-codes/WELCOME10');
      expect(await json(created)).toMatchObject({
        code: 'WELCOME10',
        type: 'percent',
        value: 10,
        redemptions: 0,
      });

      const replaced = await put('/discount-codes/WELCOME10', { type: 'percent', value: 15, active: true });
      expect(replaced.status).toBe(200);
      expect(await json(await get('/discount-codes/Welcome10'))).toMatchObject({
        code: 'WELCOME10',
        value: 15,
      });
      const page = await json(await get('/discount-codes?limit=100'));
      expect(
        page.items
          .map((code: { code: string }) => code.code)
          .filter((code: string) => code.startsWith('WELCOME')),
      ).toEqual(['WELCOME10']);
      expect((await remove('/discount-codes/welcome10')).status).toBe(204);
      expect((await get('/discount-codes/WELCOME10')).status).toBe(404);
    });

    it('keeps the redemptions on replace, and refuses a maxRedemptions below them with a 409 naming it', async () => {
      const body = {
        type: 'fixed',
        value: eur(500),
        minSubtotal: eur(2000),
        maxRedemptions: 100,
        active: true,
      };
      expect((await put('/discount-codes/SPRING5', body)).status).toBe(201);
      await api().database.pool.query("UPDATE discount_codes SET redemptions = 40 WHERE code = 'SPRING5'");

      const replaced = await put('/discount-codes/spring5', { ...body, maxRedemptions: 60 });
      expect(replaced.status).toBe(200);
      expect(await json(replaced)).toMatchObject({ maxRedemptions: 60, redemptions: 40 });

      const lowered = await put('/discount-codes/SPRING5', { ...body, maxRedemptions: 39 });
      expect(lowered.status).toBe(409);
      expect(await json(lowered)).toMatchObject({
        errors: [{ path: 'maxRedemptions', message: expect.stringContaining('40') }],
      });
      expect(await json(await get('/discount-codes/SPRING5'))).toMatchObject({
        maxRedemptions: 60,
        redemptions: 40,
      });
    });
  });

  describe('who may call', () => {
    it('answers 401 without a token and 403 to customers on every admin route', async () => {
      const customer = await api().customer('not-an-admin');
      const calls: [string, (auth: Record<string, string>) => Promise<Response>][] = [
        ['PUT shipping method', (auth) => put('/shipping-methods/auth-m', method(), auth)],
        ['GET shipping method', (auth) => get('/shipping-methods/auth-m', auth)],
        ['DELETE shipping method', (auth) => remove('/shipping-methods/auth-m', auth)],
        ['PUT tax rates', (auth) => put('/tax-rates/PL', { standard: 23, reduced: 8, zero: 0 }, auth)],
        ['GET tax rates', (auth) => get('/tax-rates/PL', auth)],
        ['GET tax rate page', (auth) => get('/tax-rates', auth)],
        ['DELETE tax rates', (auth) => remove('/tax-rates/PL', auth)],
        [
          'PUT discount code',
          (auth) => put('/discount-codes/AUTH', { type: 'percent', value: 5, active: true }, auth),
        ],
        ['GET discount code', (auth) => get('/discount-codes/AUTH', auth)],
        ['GET discount code page', (auth) => get('/discount-codes', auth)],
        ['DELETE discount code', (auth) => remove('/discount-codes/AUTH', auth)],
      ];
      for (const [name, call] of calls) {
        expect((await call(anonymous)).status, name).toBe(401);
        expect((await call(customer)).status, name).toBe(403);
      }
      // Nothing was written; the same calls by an admin do work.
      expect((await get('/shipping-methods/auth-m')).status).toBe(404);
      expect((await calls[0]?.[1](api().admin))?.status).toBe(201);
      expect((await calls[3]?.[1](api().admin))?.status).toBe(200);
      expect((await calls[7]?.[1](api().admin))?.status).toBe(201);
    });
  });

  describe('bad input', () => {
    it('answers 400 naming the field: the country in the path or query, a rate with 3 decimals, unknown fields', async () => {
      const cases: [string, () => Promise<Response>, string[]][] = [
        [
          'a region that is no country',
          () => put('/tax-rates/EU', { standard: 20, reduced: 10, zero: 0 }),
          ['path.country'],
        ],
        [
          'a lower-case country',
          () => put('/tax-rates/lu', { standard: 17, reduced: 8, zero: 0 }),
          ['path.country'],
        ],
        [
          'three decimals',
          () => put('/tax-rates/LU', { standard: 16.125, reduced: 8, zero: 0 }),
          ['standard'],
        ],
        [
          'a rate above 100',
          () => put('/tax-rates/LU', { standard: 17, reduced: 101, zero: 0 }),
          ['reduced'],
        ],
        [
          'an unknown rate field',
          () => put('/tax-rates/LU', { standard: 17, reduced: 8, zero: 0, super: 1 }),
          ['super'],
        ],
        [
          'an unknown country to ship to',
          () => put('/shipping-methods/bad', method({ countries: ['DE', 'XX'] })),
          ['countries.1'],
        ],
        [
          'an unknown method field',
          () => put('/shipping-methods/bad', { ...method(), price2: eur(1) }),
          ['price2'],
        ],
        [
          'freeAbove in another currency',
          () => put('/shipping-methods/bad', method({ freeAbove: { amount: 1, currency: 'USD' } })),
          ['freeAbove.currency'],
        ],
        [
          'a country filter that is no country',
          () => get('/shipping-methods?country=ZZ', anonymous),
          ['query.country'],
        ],
        [
          'a code with a space',
          () => put('/discount-codes/NO%20SPACE', { type: 'percent', value: 5, active: true }),
          ['path.code'],
        ],
        [
          'an unknown discount type',
          () => put('/discount-codes/ODD', { type: 'bogo', value: 5, active: true }),
          ['type'],
        ],
        [
          'a fractional percent',
          () => put('/discount-codes/ODD', { type: 'percent', value: 7.5, active: true }),
          ['value'],
        ],
        [
          'an unknown code field',
          () => put('/discount-codes/ODD', { type: 'percent', value: 5, active: true, uses: 3 }),
          ['uses'],
        ],
        [
          'a window that ends before it starts',
          () =>
            put('/discount-codes/ODD', {
              type: 'percent',
              value: 5,
              active: true,
              startsAt: '2026-05-01T00:00:00Z',
              endsAt: '2026-04-01T00:00:00Z',
            }),
          ['endsAt'],
        ],
      ];
      for (const [name, call, paths] of cases) {
        const response = await call();
        expect(response.status, name).toBe(400);
        expect(await problemPaths(response), name).toEqual(paths);
      }
      // Nothing was stored by any of them.
      expect((await get('/shipping-methods/bad')).status).toBe(404);
      expect((await get('/discount-codes/ODD')).status).toBe(404);
      expect((await get('/tax-rates/LU')).status).toBe(404);
      // Their positive: the same requests with the field fixed are taken.
      expect((await put('/tax-rates/LU', { standard: 16.12, reduced: 8, zero: 0 })).status).toBe(200);
      expect((await put('/shipping-methods/bad', method({ countries: ['DE', 'LU'] }))).status).toBe(201);
      expect((await put('/discount-codes/odd', { type: 'percent', value: 7, active: true })).status).toBe(
        201,
      );
    });
  });
});
