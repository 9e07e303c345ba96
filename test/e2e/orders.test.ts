import { describe, expect, it } from 'vitest';
import { useOrderingApi } from '../support/ordering-api.js';
import { JSON_HEADERS, json } from '../support/test-api.js';

describe('orders over HTTP (PostgreSQL + DynamoDB Local)', () => {
  const api = useOrderingApi();
  const line = (productId: string, quantity = 1) => ({ productId, quantity });

  describe('placing', () => {
    it('answers 201 with Location and the order, prices snapshotted, stock reserved', async () => {
      const alice = await api().customer('alice');
      const mug = await api().stockedProduct(5, { name: 'Mug', price: { amount: 1450, currency: 'EUR' } });
      const tea = await api().stockedProduct(5, { name: 'Tea', price: { amount: 600, currency: 'EUR' } });
      const response = await api().placeOrder(alice, { items: [line(mug, 2), line(tea, 1)] });
      expect(response.status).toBe(201);
      const order = await json(response);
      expect(response.headers.get('location')).toBe(`/orders/${order.id}`);
      expect(response.headers.get('idempotent-replayed')).toBeNull();
      const eur = (amount: number) => ({ amount, currency: 'EUR' });
      const soldLine = (productId: string, name: string, quantity: number, unit: number) => ({
        productId,
        sku: expect.any(String),
        name,
        quantity,
        unitPrice: eur(unit),
        taxClass: 'standard',
        lineTotal: eur(unit * quantity),
        discountAmount: eur(0),
        // No address and no tax rates for the shop's own country in this database: no tax.
        taxRate: 0,
        taxAmount: eur(0),
      });
      expect(order).toEqual({
        id: expect.any(String),
        customerId: 'alice',
        status: 'placed',
        email: 'alice@example.com',
        shippingAddress: null,
        billingAddress: null,
        items: [soldLine(mug, 'Mug', 2, 1450), soldLine(tea, 'Tea', 1, 600)],
        shipping: null,
        discount: null,
        subtotal: eur(3500),
        discountTotal: eur(0),
        shippingTotal: eur(0),
        taxTotal: eur(0),
        total: eur(3500),
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
        refund: null,
      });
      expect(await api().available(mug)).toBe(3);
      expect(await api().available(tea)).toBe(4);

      // A later price change does not touch what was sold.
      const etag = (await api().request(`/products/${mug}`)).headers.get('etag') as string;
      await api().request(`/products/${mug}`, {
        method: 'PATCH',
        headers: { ...api().admin, 'content-type': 'application/merge-patch+json', 'if-match': etag },
        body: JSON.stringify({ price: { amount: 1 }, name: 'Renamed' }),
      });
      const read = await json(await api().request(`/orders/${order.id}`, { headers: alice }));
      expect(read).toEqual(order);
    });

    it('requires an Idempotency-Key (400 on header.idempotency-key) and a well-formed body', async () => {
      const alice = await api().customer('alice');
      const mug = await api().stockedProduct(5);
      const missing = await api().request('/orders', {
        method: 'POST',
        headers: { ...alice, ...JSON_HEADERS },
        body: JSON.stringify({ items: [line(mug)] }),
      });
      expect(missing.status).toBe(400);
      expect(missing.headers.get('content-type')).toBe('application/problem+json');
      expect((await json(missing)).errors).toEqual([
        { path: 'header.idempotency-key', message: expect.any(String) },
      ]);

      const malformed = await api().placeOrder(alice, { items: [line(mug)] }, 'has spaces in it');
      expect(malformed.status).toBe(400);
      for (const body of [
        {},
        { items: [] },
        { items: [line(mug, 0)] },
        { items: [line(mug), line(mug)] },
        { cartId: 'x', items: [line(mug)] },
        { items: [{ ...line(mug), price: 1 }] },
      ]) {
        expect((await api().placeOrder(alice, body)).status, JSON.stringify(body)).toBe(400);
      }
      expect(await api().available(mug)).toBe(5);
      expect((await api().placeOrder({ authorization: 'Bearer nope' }, { items: [line(mug)] })).status).toBe(
        401,
      );
    });

    it('answers 422 naming unknown, inactive and other-currency products, reserving nothing', async () => {
      const alice = await api().customer('alice');
      const mug = await api().stockedProduct(5);
      const draft = await api().stockedProduct(5, { status: 'draft' });
      const dollars = await api().stockedProduct(5, { price: { amount: 100, currency: 'USD' } });

      const unknown = await api().placeOrder(alice, { items: [line(mug), line('ghost'), line(draft)] });
      expect(unknown.status).toBe(422);
      expect((await json(unknown)).errors.map((e: { path: string }) => e.path)).toEqual([
        'items.1.productId',
        'items.2.productId',
      ]);

      const mixed = await api().placeOrder(alice, { items: [line(mug), line(dollars)] });
      expect(mixed.status).toBe(422);
      const problem = await json(mixed);
      expect(problem.errors).toEqual([
        { path: 'items.1.productId', message: expect.stringContaining('USD') },
      ]);
      expect(await api().available(mug)).toBe(5);
      expect(await api().available(dollars)).toBe(5);
    });

    it('answers 409 naming every short product, and reserves nothing for the other lines', async () => {
      const alice = await api().customer('alice');
      const plenty = await api().stockedProduct(10);
      const scarce = await api().stockedProduct(2);
      const none = await api().stockedProduct(0);
      const response = await api().placeOrder(alice, {
        items: [line(plenty, 3), line(scarce, 3), line(none, 1)],
      });
      expect(response.status).toBe(409);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      const problem = await json(response);
      expect(problem).toMatchObject({ type: 'about:blank', title: 'Conflict', status: 409 });
      expect(problem.errors).toEqual([
        { path: 'items.1.quantity', message: 'only 2 available' },
        { path: 'items.2.quantity', message: 'only 0 available' },
      ]);
      expect(problem.products).toEqual([
        { productId: scarce, requested: 3, available: 2 },
        { productId: none, requested: 1, available: 0 },
      ]);
      expect(await api().available(plenty)).toBe(10);
      expect(await api().available(scarce)).toBe(2);
    });

    it('checks out a cart without changing it; empty and foreign carts are a 422 on cartId', async () => {
      const alice = await api().customer('alice');
      const bob = await api().customer('bob');
      const mug = await api().stockedProduct(5);
      const cart = await json(await api().request('/carts', { method: 'POST', headers: alice }));

      const empty = await api().placeOrder(alice, { cartId: cart.id });
      expect(empty.status).toBe(422);
      expect((await json(empty)).errors[0].path).toBe('cartId');

      await api().request(`/carts/${cart.id}/items/${mug}`, {
        method: 'PUT',
        headers: { ...alice, ...JSON_HEADERS },
        body: JSON.stringify({ quantity: 2 }),
      });
      const foreign = await api().placeOrder(bob, { cartId: cart.id });
      expect(foreign.status).toBe(422);
      expect((await json(foreign)).errors[0].path).toBe('cartId');

      const placed = await api().placeOrder(alice, { cartId: cart.id });
      expect(placed.status).toBe(201);
      expect((await json(placed)).items).toEqual([expect.objectContaining({ productId: mug, quantity: 2 })]);
      const after = await json(await api().request(`/carts/${cart.id}`, { headers: alice }));
      expect(after.items).toEqual([expect.objectContaining({ productId: mug, quantity: 2 })]);
      expect(await api().available(mug)).toBe(3);

      // A cart asking for more than there is: the cart is the field at fault.
      await api().request(`/carts/${cart.id}/items/${mug}`, {
        method: 'PUT',
        headers: { ...alice, ...JSON_HEADERS },
        body: JSON.stringify({ quantity: 9 }),
      });
      const short = await api().placeOrder(alice, { cartId: cart.id });
      expect(short.status).toBe(409);
      expect((await json(short)).errors).toEqual([{ path: 'cartId', message: 'only 3 available' }]);
    });
  });

  describe('idempotency', () => {
    it('replays the same status and body for the same key and body, placing nothing new', async () => {
      const alice = await api().customer('alice');
      const mug = await api().stockedProduct(5);
      const first = await api().placeOrder(alice, { items: [line(mug, 2)] }, 'replay-1');
      const firstBody = await first.text();
      // Key order inside the body does not matter.
      const retry = await api().placeOrder(
        alice,
        `{"items":[{"quantity":2,"productId":"${mug}"}]}`,
        'replay-1',
      );
      expect(retry.status).toBe(201);
      expect(await retry.text()).toBe(firstBody);
      expect(retry.headers.get('location')).toBe(first.headers.get('location'));
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
      expect(await api().available(mug)).toBe(3);
      const list = await json(await api().request('/orders?limit=100', { headers: alice }));
      expect(list.items.filter((o: { id: string }) => o.id === JSON.parse(firstBody).id)).toHaveLength(1);

      // The same key is the caller's own: another customer's identical key is another request.
      const bob = await api().customer('bob');
      expect((await api().placeOrder(bob, { items: [line(mug, 2)] }, 'replay-1')).status).toBe(201);
      expect(await api().available(mug)).toBe(1);
    });

    it('replays a 409 as it was, even once stock has arrived', async () => {
      const alice = await api().customer('alice');
      const mug = await api().stockedProduct(1);
      const first = await api().placeOrder(alice, { items: [line(mug, 3)] }, 'short-1');
      expect(first.status).toBe(409);
      const firstBody = await first.text();
      // Like every problem it names its request; the replay names the same one, the request that got it.
      expect(JSON.parse(firstBody).requestId).toBe(first.headers.get('x-request-id'));
      await api().request(`/inventory/${mug}`, {
        method: 'PUT',
        headers: { ...api().admin, ...JSON_HEADERS },
        body: JSON.stringify({ available: 100 }),
      });
      const retry = await api().placeOrder(alice, { items: [line(mug, 3)] }, 'short-1');
      expect(retry.status).toBe(409);
      expect(retry.headers.get('content-type')).toBe('application/problem+json');
      expect(await retry.text()).toBe(firstBody);
      expect(await api().available(mug)).toBe(100);
      // A new key is a new attempt.
      expect((await api().placeOrder(alice, { items: [line(mug, 3)] }, 'short-2')).status).toBe(201);
    });

    it('answers 422 on header.idempotency-key when the key comes back with another body', async () => {
      const alice = await api().customer('alice');
      const mug = await api().stockedProduct(5);
      expect((await api().placeOrder(alice, { items: [line(mug, 1)] }, 'reuse-1')).status).toBe(201);
      const reused = await api().placeOrder(alice, { items: [line(mug, 2)] }, 'reuse-1');
      expect(reused.status).toBe(422);
      expect((await json(reused)).errors[0].path).toBe('header.idempotency-key');
      expect(await api().available(mug)).toBe(4);
    });

    it('places one order when the same request arrives many times at once', async () => {
      const alice = await api().customer('alice');
      const mug = await api().stockedProduct(50);
      const { url } = await api().listen();
      const responses = await Promise.all(
        Array.from({ length: 12 }, () =>
          api().placeOrder(alice, { items: [line(mug, 2)] }, 'burst-1', { url }),
        ),
      );
      const statuses = responses.map((r) => r.status);
      expect(
        statuses.every((status) => status === 201),
        String(statuses),
      ).toBe(true);
      const ids = new Set(await Promise.all(responses.map(async (r) => (await json(r)).id)));
      expect(ids.size).toBe(1);
      expect(responses.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(11);
      expect(await api().available(mug)).toBe(48);
    });
  });

  describe('reading and listing', () => {
    it("hides one customer's orders from another: 404 on read and cancel, absent from lists", async () => {
      const alice = await api().customer('privacy-alice');
      const bob = await api().customer('privacy-bob');
      const mug = await api().stockedProduct(5);
      const order = await json(await api().placeOrder(alice, { items: [line(mug)] }));

      const read = await api().request(`/orders/${order.id}`, { headers: bob });
      expect(read.status).toBe(404);
      const cancel = await api().request(`/orders/${order.id}/cancel`, { method: 'POST', headers: bob });
      expect(cancel.status).toBe(404);
      expect(await api().available(mug)).toBe(4);
      for (const query of ['', '?customerId=privacy-alice']) {
        const list = await json(await api().request(`/orders${query}`, { headers: bob }));
        expect(list).toEqual({ items: [], nextCursor: null });
      }
      expect((await api().request(`/orders/${order.id}`, { headers: alice })).status).toBe(200);
      expect((await api().request(`/orders/${order.id}`, { headers: api().admin })).status).toBe(200);
      // Without a token the order could only be a guest's, opened by its X-Order-Token: this one is not.
      expect((await api().request(`/orders/${order.id}`)).status).toBe(404);
      const guessed = { 'x-order-token': 'A'.repeat(43) };
      expect((await api().request(`/orders/${order.id}`, { headers: guessed })).status).toBe(404);
    });

    it('lists newest first across pages; admins see everyone and filter by customer', async () => {
      const carol = await api().customer('list-carol');
      const dave = await api().customer('list-dave');
      const mug = await api().stockedProduct(100);
      const placed: string[] = [];
      for (let i = 0; i < 5; i++) {
        placed.push((await json(await api().placeOrder(carol, { items: [line(mug)] }))).id);
        await api().placeOrder(dave, { items: [line(mug)] });
      }
      const walk = async (auth: { authorization: string }, query: string) => {
        const ids: string[] = [];
        let cursor: string | null = null;
        do {
          const page: { items: { id: string; customerId: string }[]; nextCursor: string | null } = await json(
            await api().request(
              `/orders?limit=2${query}${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`,
              { headers: auth },
            ),
          );
          expect(page.items.length).toBeLessThanOrEqual(2);
          ids.push(...page.items.map((o) => o.id));
          cursor = page.nextCursor;
        } while (cursor !== null);
        return ids;
      };
      expect(await walk(carol, '')).toEqual([...placed].reverse());
      expect(await walk(api().admin, '&customerId=list-carol')).toEqual([...placed].reverse());
      const all = await walk(api().admin, '');
      expect(all.length).toBeGreaterThanOrEqual(10);
      expect(new Set(all).size).toBe(all.length);

      const foreignCursor = (await json(await api().request('/orders?limit=1', { headers: carol })))
        .nextCursor;
      const misuse = await api().request(
        `/orders?limit=1&customerId=list-dave&cursor=${encodeURIComponent(foreignCursor)}`,
        { headers: api().admin },
      );
      expect(misuse.status).toBe(400);
      expect((await json(misuse)).errors[0].path).toBe('query.cursor');
    });
  });

  describe('cancelling and the status machine', () => {
    const post = (path: string, auth: { authorization: string }, body?: unknown) =>
      api().request(path, {
        method: 'POST',
        headers: body === undefined ? auth : { ...auth, ...JSON_HEADERS },
        body: body === undefined ? undefined : JSON.stringify(body),
      });

    it('releases stock exactly once, however many cancels arrive at once', async () => {
      const alice = await api().customer('alice');
      const mug = await api().stockedProduct(5);
      const order = await json(await api().placeOrder(alice, { items: [line(mug, 3)] }));
      expect(await api().available(mug)).toBe(2);
      const { url } = await api().listen();
      const responses = await Promise.all(
        Array.from({ length: 8 }, () =>
          fetch(`${url}/orders/${order.id}/cancel`, { method: 'POST', headers: alice }),
        ),
      );
      expect(responses.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409, 409, 409, 409]);
      expect(await api().available(mug)).toBe(5);
      const again = await post(`/orders/${order.id}/cancel`, alice);
      expect(again.status).toBe(409);
      expect((await json(again)).detail).toContain('cancelled');
      expect(await api().available(mug)).toBe(5);
    });

    it('walks placed → paid → shipped → delivered and refuses every other move with a 409', async () => {
      const alice = await api().customer('alice');
      const mug = await api().stockedProduct(5);
      const order = await json(await api().placeOrder(alice, { items: [line(mug)] }));
      const status = (to: string, auth = api().admin) =>
        post(`/orders/${order.id}/status`, auth, { status: to });

      expect((await status('paid', alice)).status).toBe(403);
      expect((await status('shipped')).status).toBe(409);
      expect((await status('placed')).status).toBe(409);
      expect((await status('lost')).status).toBe(400);
      const paid = await status('paid');
      expect(paid.status).toBe(200);
      expect(await json(paid)).toMatchObject({ id: order.id, status: 'paid' });

      // Paid: the owner may no longer cancel, an admin may not skip ahead.
      expect((await post(`/orders/${order.id}/cancel`, alice)).status).toBe(409);
      expect((await status('delivered')).status).toBe(409);
      expect((await status('shipped')).status).toBe(200);
      expect((await post(`/orders/${order.id}/cancel`, api().admin)).status).toBe(409);
      expect((await status('delivered')).status).toBe(200);
      expect((await status('cancelled')).status).toBe(409);
      expect(await json(await api().request(`/orders/${order.id}`, { headers: alice }))).toMatchObject({
        status: 'delivered',
      });
      expect(await api().available(mug)).toBe(4);
      expect((await post('/orders/no-such-order/status', api().admin, { status: 'paid' })).status).toBe(404);
    });

    it('lets an admin cancel a paid order, which returns its stock', async () => {
      const alice = await api().customer('alice');
      const mug = await api().stockedProduct(5);
      const order = await json(await api().placeOrder(alice, { items: [line(mug, 2)] }));
      await post(`/orders/${order.id}/status`, api().admin, { status: 'paid' });
      const cancelled = await post(`/orders/${order.id}/cancel`, api().admin);
      expect(cancelled.status).toBe(200);
      expect((await json(cancelled)).status).toBe('cancelled');
      expect(await api().available(mug)).toBe(5);
    });
  });
});
