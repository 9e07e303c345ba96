import { describe, expect, it } from 'vitest';
import { createTestPaymentProvider } from '../../src/adapters/payments/test-provider.js';
import { createPostgresInventoryStore } from '../../src/adapters/postgres/inventory-store.js';
import { createPostgresPaymentStore } from '../../src/adapters/postgres/payment-store.js';
import { createPaymentService } from '../../src/app/payments/payment-service.js';
import type { Clock } from '../../src/app/ports/clock.js';
import { silentLogger } from '../../src/app/ports/logger.js';
import type { PaymentProvider, ProviderEvent } from '../../src/app/ports/payment-provider.js';
import { ConflictError, UnavailableError } from '../../src/domain/shared/errors.js';
import { newId } from '../../src/domain/shared/ids.js';
import { useTestDatabase } from '../support/postgres.js';
import { draft, draftOrderStore, keyFor } from './order-store-fixtures.js';

/**
 * Payments on the test PostgreSQL: the store applies each provider event once, in the transaction of the
 * change it causes; the service creates one payment per order, refunds what a cancellation or a late
 * payment makes due, and expires unpaid orders.
 */
describe('payments (PostgreSQL)', () => {
  const database = useTestDatabase();

  /** Time stands where the test puts it. */
  function movableClock(start = new Date()): Clock & { advanceMinutes(minutes: number): void } {
    let now = start.getTime();
    return {
      now: () => new Date(now),
      advanceMinutes: (minutes) => {
        now += minutes * 60_000;
      },
    };
  }

  /** The test provider, counting calls; `failRefunds` makes refunds fail as an unreachable provider does. */
  function countingProvider() {
    const inner = createTestPaymentProvider();
    const calls = { created: 0, refunds: 0 };
    const state = { failRefunds: false };
    const provider: PaymentProvider = {
      name: 'test',
      async createPayment(order) {
        calls.created++;
        return inner.createPayment(order);
      },
      async refund(payment) {
        calls.refunds++;
        if (state.failRefunds) throw new UnavailableError('The payment provider is unavailable.');
        return inner.refund(payment);
      },
    };
    return { provider, calls, state };
  }

  async function setUp(options: { stock?: number; timeoutMinutes?: number; start?: Date } = {}) {
    const { pool } = database();
    const orders = draftOrderStore(pool);
    const store = createPostgresPaymentStore(pool);
    const inventory = createPostgresInventoryStore(pool);
    const clock = movableClock(options.start);
    const { provider, calls, state } = countingProvider();
    const service = createPaymentService({
      store,
      orders,
      visibleOrder: async (_caller, id) => {
        const order = await orders.get(id);
        if (order === undefined) throw new Error(`no order ${id}`);
        return order;
      },
      provider,
      timeoutMinutes: options.timeoutMinutes ?? 30,
      clock,
      logger: silentLogger,
    });
    const productId = newId();
    await inventory.set(productId, options.stock ?? 10);
    const place = async (quantity = 2, createdAt = clock.now()) => {
      const order = draft(newId(), [{ productId, quantity, unitAmount: 1000 }], { createdAt });
      expect((await orders.place(order, keyFor(order))).kind).toBe('placed');
      return order;
    };
    const stock = async () => (await inventory.get(productId))?.available;
    const events = async (orderId: string) =>
      (
        await pool.query<{ type: string }>(
          'SELECT type FROM order_events WHERE order_id = $1 ORDER BY sequence',
          [orderId],
        )
      ).rows.map((row) => row.type);
    const succeed = (paymentId: string): ProviderEvent => ({
      id: `evt_${newId()}`,
      type: 'payment_intent.succeeded',
      kind: 'payment_succeeded',
      paymentId,
    });
    return { pool, orders, store, service, clock, calls, state, place, stock, events, succeed };
  }

  it('creates one payment per order: of twelve concurrent starts one creates it, the others get the same payment', async () => {
    const { service, place, pool } = await setUp();
    const order = await place();
    const results = await Promise.all(
      Array.from({ length: 12 }, () => service.startPayment(undefined, order.id)),
    );
    const ids = new Set(results.map((result) => result.payment.id));
    expect(ids.size).toBe(1);
    expect(results.filter((result) => result.created)).toHaveLength(1);
    const { rows } = await pool.query('SELECT id FROM payments WHERE order_id = $1', [order.id]);
    expect(rows).toEqual([{ id: [...ids][0] }]);
    // Afterwards the stored payment answers without the provider.
    const again = await service.startPayment(undefined, order.id);
    expect(again).toEqual({ payment: results[0]?.payment, created: false });
    expect(again.payment.amount).toEqual(order.total);
  });

  it('refuses to start paying an order that is not placed (409 naming its status), and records nothing', async () => {
    const { service, orders, place, pool, calls } = await setUp();
    const order = await place();
    await orders.transition(order.id, ['placed'], 'cancelled', new Date());
    const error = await service.startPayment(undefined, order.id).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).errors).toEqual([{ path: 'status', message: 'is cancelled' }]);
    expect(calls.created).toBe(0);
    expect((await pool.query('SELECT 1 FROM payments WHERE order_id = $1', [order.id])).rowCount).toBe(0);
  });

  it('applies a payment success once: placed → paid with one order.paid; the same event again is a replay', async () => {
    const { service, store, place, events, succeed } = await setUp();
    const order = await place();
    const { payment } = await service.startPayment(undefined, order.id);
    const event = succeed(payment.id);
    const first = await store.applyEvent('stripe', event, new Date());
    expect(first.kind).toBe('applied');
    expect(first.kind === 'applied' && first.order.status).toBe('paid');
    expect(await store.applyEvent('stripe', event, new Date())).toEqual({ kind: 'replayed' });
    expect((await store.byId(payment.id))?.status).toBe('succeeded');
    expect(await events(order.id)).toEqual(['order.placed', 'order.paid']);
  });

  it('takes concurrent duplicate deliveries of one event as one state change (20 at once over a pool of 25)', async () => {
    const { service, store, place, events, succeed, pool } = await setUp();
    const order = await place();
    const { payment } = await service.startPayment(undefined, order.id);
    const event = succeed(payment.id);
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () => store.applyEvent('stripe', event, new Date())),
    );
    expect(outcomes.filter((outcome) => outcome.kind === 'applied')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome.kind === 'replayed')).toHaveLength(19);
    expect(await events(order.id)).toEqual(['order.placed', 'order.paid']);
    const recorded = await pool.query('SELECT 1 FROM provider_events WHERE event_id = $1', [event.id]);
    expect(recorded.rowCount).toBe(1);
  });

  it('marks a failed payment failed and leaves the order placed (order.payment_failed); a later success still pays it, and a late failure does not undo that', async () => {
    const { service, store, place, events, succeed, orders } = await setUp();
    const order = await place();
    const { payment } = await service.startPayment(undefined, order.id);
    const failed: ProviderEvent = {
      id: `evt_${newId()}`,
      type: 'payment_intent.payment_failed',
      kind: 'payment_failed',
      paymentId: payment.id,
    };
    await store.applyEvent('stripe', failed, new Date());
    expect((await store.byId(payment.id))?.status).toBe('failed');
    expect((await orders.get(order.id))?.status).toBe('placed');
    await store.applyEvent('stripe', succeed(payment.id), new Date());
    await store.applyEvent('stripe', { ...failed, id: `evt_${newId()}` }, new Date());
    expect((await store.byId(payment.id))?.status).toBe('succeeded');
    expect((await orders.get(order.id))?.status).toBe('paid');
    expect(await events(order.id)).toEqual(['order.placed', 'order.payment_failed', 'order.paid']);
  });

  it('records a payment whose event arrives before it was stored, from the event (metadata orderId, amount)', async () => {
    const { store, place, orders } = await setUp();
    const order = await place();
    const outcome = await store.applyEvent(
      'stripe',
      {
        id: `evt_${newId()}`,
        type: 'payment_intent.succeeded',
        kind: 'payment_succeeded',
        paymentId: 'pi_early',
        orderId: order.id,
        amount: order.total,
      },
      new Date(),
    );
    expect(outcome.kind).toBe('applied');
    expect(await store.byOrder(order.id)).toMatchObject({ id: 'pi_early', status: 'succeeded' });
    expect((await orders.get(order.id))?.status).toBe('paid');
    // An event of no order of ours is recorded and changes nothing.
    const stranger = await store.applyEvent(
      'stripe',
      {
        id: `evt_${newId()}`,
        type: 'payment_intent.succeeded',
        kind: 'payment_succeeded',
        paymentId: 'pi_x',
      },
      new Date(),
    );
    expect(stranger).toEqual({ kind: 'unknown' });
  });

  it('refunds a paid order cancelled by an admin in full, once: stock back once, order.refunded', async () => {
    const { service, store, place, events, succeed, orders, stock, calls } = await setUp({ stock: 10 });
    const order = await place(3);
    expect(await stock()).toBe(7);
    const { payment } = await service.startPayment(undefined, order.id);
    await store.applyEvent('test', succeed(payment.id), new Date());
    const cancelled = await orders.transition(order.id, ['placed', 'paid'], 'cancelled', new Date());
    expect(cancelled?.refund).toEqual({ status: 'pending', amount: order.total });
    const refunded = await service.refundOrder(order.id);
    expect(refunded?.refund).toEqual({ status: 'succeeded', amount: order.total });
    // Asked again (a retry, the job): nothing is due, so the provider is not asked twice.
    await service.refundOrder(order.id);
    expect(calls.refunds).toBe(1);
    expect(await stock()).toBe(10);
    expect(await events(order.id)).toEqual([
      'order.placed',
      'order.paid',
      'order.cancelled',
      'order.refunded',
    ]);
  });

  it('expires placed orders past the timeout (stock back), leaves younger ones, and refunds a payment that succeeds after', async () => {
    // A day ago: the orders other tests of this file placed just now stay younger than the timeout.
    const { service, store, place, events, succeed, orders, stock, clock } = await setUp({
      stock: 10,
      timeoutMinutes: 30,
      start: new Date(Date.now() - 24 * 60 * 60_000),
    });
    const old = await place(2);
    const { payment } = await service.startPayment(undefined, old.id);
    clock.advanceMinutes(20);
    const young = await place(1);
    expect(await stock()).toBe(7);
    clock.advanceMinutes(11);
    expect(await service.expireUnpaidOrders()).toEqual({ cancelled: 1, refunded: 0, refundsFailed: 0 });
    expect((await orders.get(old.id))?.status).toBe('cancelled');
    expect((await orders.get(young.id))?.status).toBe('placed');
    expect(await stock()).toBe(9);

    // The customer pays after all: the payment is recorded and refunded, the order stays cancelled.
    const outcome = await store.applyEvent('test', succeed(payment.id), clock.now());
    expect(outcome.kind === 'applied' && outcome.refundDue).toBe(true);
    const after = await service.refundOrder(old.id);
    expect(after?.status).toBe('cancelled');
    expect(after?.refund).toEqual({ status: 'succeeded', amount: old.total });
    expect((await store.byId(payment.id))?.status).toBe('succeeded');
    expect(await stock()).toBe(9);
    expect(await events(old.id)).toEqual(['order.placed', 'order.cancelled', 'order.refunded']);
  });

  it('leaves a refund the provider refused due, and the next expiry run obtains it', async () => {
    const { service, store, place, succeed, orders, state, calls } = await setUp();
    const order = await place();
    const { payment } = await service.startPayment(undefined, order.id);
    await store.applyEvent('test', succeed(payment.id), new Date());
    state.failRefunds = true;
    await orders.transition(order.id, ['paid'], 'cancelled', new Date());
    const stillDue = await service.refundOrder(order.id);
    expect(stillDue?.refund?.status).toBe('pending');
    // (Orders other tests left placed may expire in these runs: only the refunds count here.)
    expect(await service.expireUnpaidOrders()).toMatchObject({ refunded: 0, refundsFailed: 1 });
    state.failRefunds = false;
    expect(await service.expireUnpaidOrders()).toMatchObject({ refunded: 1, refundsFailed: 0 });
    expect((await orders.get(order.id))?.refund?.status).toBe('succeeded');
    expect(calls.refunds).toBe(3);
  });

  it('confirms a refund by the provider event once, whichever of event and refund answer comes first', async () => {
    const { service, store, place, succeed, orders, events, state } = await setUp();
    const order = await place();
    const { payment } = await service.startPayment(undefined, order.id);
    await store.applyEvent('stripe', succeed(payment.id), new Date());
    state.failRefunds = true;
    await orders.transition(order.id, ['paid'], 'cancelled', new Date());
    // charge.refunded arrives first; the refund's own answer, recorded later as pending, does not undo it.
    const refunded: ProviderEvent = {
      id: `evt_${newId()}`,
      type: 'charge.refunded',
      kind: 'refund_succeeded',
      paymentId: payment.id,
      amount: order.total,
    };
    await store.applyEvent('stripe', refunded, new Date());
    await store.recordRefund(order.id, { id: 're_1', status: 'pending' }, new Date());
    expect((await orders.get(order.id))?.refund).toEqual({ status: 'succeeded', amount: order.total });
    expect(await store.applyEvent('stripe', refunded, new Date())).toEqual({ kind: 'replayed' });
    expect((await events(order.id)).filter((type) => type === 'order.refunded')).toHaveLength(1);
  });
});
