import type { Order } from '../../domain/ordering/order.js';
import { ConflictError, NotFoundError } from '../../domain/shared/errors.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { OrderStore } from '../ports/order-store.js';
import type { PaymentProvider, WebhookVerifier } from '../ports/payment-provider.js';
import type { EventOutcome, PaymentStore } from '../ports/payment-store.js';
import type { Principal } from '../ports/token-verifier.js';
import type { Payment } from './payment.js';

/** Which outcome a test-provider call reports. */
export type TestOutcome = 'succeed' | 'fail';

export interface ExpirySummary {
  /** Placed orders past the payment timeout that this run cancelled (stock and redemptions released). */
  cancelled: number;
  /** Refunds due that this run obtained from the provider. */
  refunded: number;
  /** Refunds the provider did not take this time (they stay due: the next run tries again). */
  refundsFailed: number;
}

export interface PaymentService {
  /** The provider this API takes new payments with. */
  readonly provider: PaymentProvider['name'];
  /**
   * The order's one payment: created at the provider the first time (`created: true`), the same one after.
   * For whoever may read the order (its owner, an admin, a guest with its token: NotFoundError otherwise),
   * and only while it is `placed` (ConflictError naming its status).
   */
  startPayment(
    caller: Principal | undefined,
    orderId: string,
    orderToken?: string,
  ): Promise<{ payment: Payment; created: boolean }>;
  /** A Stripe webhook: ValidationError for a bad signature (nothing applied), then applied once. */
  receiveStripeEvent(rawBody: string, signature: string | undefined): Promise<EventOutcome>;
  /** The test provider's stand-in for a webhook: the same code path, one event id per payment and outcome. */
  completeTestPayment(paymentId: string, outcome: TestOutcome): Promise<Payment>;
  /**
   * Asks the provider for the refund the order is due (a cancelled order whose payment succeeded) and
   * records it; returns the order as it is then. A provider failure is logged and leaves the refund due.
   */
  refundOrder(orderId: string): Promise<Order | undefined>;
  /**
   * Cancels the `placed` orders older than the payment timeout (as a cancellation does: stock and
   * redemptions back, order.cancelled) and retries the refunds still due. A payment that succeeds later is
   * refunded when its event arrives.
   */
  expireUnpaidOrders(): Promise<ExpirySummary>;
}

export interface PaymentServiceDeps {
  store: PaymentStore;
  orders: Pick<OrderStore, 'get' | 'transition'>;
  /** Who may see an order (the ordering use cases' rule): NotFoundError for anyone else. */
  visibleOrder(caller: Principal | undefined, id: string, orderToken?: string): Promise<Order>;
  provider: PaymentProvider;
  /** Stripe: its webhook verification; absent for the test provider. */
  webhooks?: WebhookVerifier;
  /** PAYMENT_TIMEOUT_MINUTES. */
  timeoutMinutes: number;
  clock: Clock;
  logger: Logger;
}

/** Orders one expiry run reads at a time; it goes on while whole batches come back, up to MAX_BATCHES. */
const BATCH = 100;
const MAX_BATCHES = 50;

export function createPaymentService(deps: PaymentServiceDeps): PaymentService {
  const { store, provider, clock, logger } = deps;

  async function refundOrder(orderId: string): Promise<Order | undefined> {
    const due = await store.refundDue(orderId);
    if (due === undefined) return deps.orders.get(orderId);
    if (due.provider !== provider.name) {
      logger.warn('refund due with another payment provider than this one: left pending', {
        orderId,
        paymentProvider: due.provider,
      });
      return deps.orders.get(orderId);
    }
    try {
      const refund = await provider.refund(due);
      return await store.recordRefund(orderId, refund, clock.now());
    } catch (error) {
      // The order stays cancelled with its refund pending: the cancel-unpaid-orders job asks again (the
      // provider's idempotency key for the order makes that one refund, however often it is asked).
      logger.error('refund failed: it stays due and is retried', { orderId, cause: errorText(error) });
      return deps.orders.get(orderId);
    }
  }

  async function applied(outcome: EventOutcome): Promise<EventOutcome> {
    if (outcome.kind === 'applied' && outcome.refundDue) {
      const order = (await refundOrder(outcome.order.id)) ?? outcome.order;
      return { ...outcome, order };
    }
    return outcome;
  }

  return {
    provider: provider.name,

    async startPayment(caller, orderId, orderToken) {
      const order = await deps.visibleOrder(caller, orderId, orderToken);
      if (order.status !== 'placed') throw notPayable(order);
      const existing = await store.byOrder(order.id);
      if (existing !== undefined) return { payment: existing, created: false };
      const created = await provider.createPayment({ orderId: order.id, amount: order.total });
      const stored = await store.insert(
        {
          id: created.id,
          orderId: order.id,
          provider: provider.name,
          status: created.status,
          amount: order.total,
          ...(created.clientSecret === undefined ? {} : { clientSecret: created.clientSecret }),
        },
        clock.now(),
      );
      if (stored !== undefined) return stored;
      // It stopped being placed meanwhile (expired, cancelled, marked paid by hand).
      throw notPayable((await deps.orders.get(order.id)) ?? order);
    },

    async receiveStripeEvent(rawBody, signature) {
      if (deps.webhooks === undefined) throw new NotFoundError('Stripe webhooks are not configured.');
      const event = await deps.webhooks.verify(rawBody, signature);
      const outcome = await applied(await store.applyEvent('stripe', event, clock.now()));
      logger.info('stripe event', { eventId: event.id, type: event.type, outcome: outcome.kind });
      return outcome;
    },

    async completeTestPayment(paymentId, outcome) {
      const payment = await store.byId(paymentId);
      if (payment === undefined || payment.provider !== 'test')
        throw new NotFoundError(`No test payment with id "${paymentId}".`);
      // One event id per payment and outcome: repeating the same call is a replay and changes nothing.
      await applied(
        await store.applyEvent(
          'test',
          {
            id: `${paymentId}.${outcome}`,
            type: `test.payment_${outcome === 'succeed' ? 'succeeded' : 'failed'}`,
            kind: outcome === 'succeed' ? 'payment_succeeded' : 'payment_failed',
            paymentId,
          },
          clock.now(),
        ),
      );
      return (await store.byId(paymentId)) ?? payment;
    },

    refundOrder,

    async expireUnpaidOrders() {
      const now = clock.now();
      const cutoff = new Date(now.getTime() - deps.timeoutMinutes * 60_000);
      const summary: ExpirySummary = { cancelled: 0, refunded: 0, refundsFailed: 0 };
      for (let batch = 0; batch < MAX_BATCHES; batch++) {
        const ids = await store.placedBefore(cutoff, BATCH);
        for (const id of ids) {
          try {
            await deps.orders.transition(id, ['placed'], 'cancelled', now);
            summary.cancelled++;
          } catch (error) {
            // Paid or cancelled since it was read: nothing to expire.
            if (!(error instanceof ConflictError)) throw error;
          }
        }
        if (ids.length < BATCH) break;
      }
      for (const due of await store.refundsDue(BATCH)) {
        const order = await refundOrder(due.orderId);
        if (order?.refund?.status === 'pending' && (await store.refundDue(due.orderId)) !== undefined)
          summary.refundsFailed++;
        else summary.refunded++;
      }
      return summary;
    },
  };
}

function notPayable(order: Order): ConflictError {
  return new ConflictError(`The order is ${order.status}: only a placed order can be paid.`, [
    { path: 'status', message: `is ${order.status}` },
  ]);
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
