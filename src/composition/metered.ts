import type { ProcessOutcome } from '../app/media/process-upload.js';
import type { OrderStore } from '../app/ports/order-store.js';
import type { PaymentStore } from '../app/ports/payment-store.js';
import type { Order } from '../domain/ordering/order.js';
import { METRIC, type MetricName } from '../observability/metric-names.js';
import type { Metrics } from '../observability/metrics.js';

// Wrappers that write business metrics where the stores report what happened, so use cases stay free of
// them. Each adds one log line to a path that already wrote to a database: nothing else.

/** Orders placed, refused for stock, cancelled and paid; the checkout transaction's duration. */
export function meteredOrderStore(store: OrderStore, metrics: Metrics): OrderStore {
  return {
    ...store,
    async place(placement, claim) {
      const started = performance.now();
      const result = await store.place(placement, claim);
      // Only fresh outcomes: a replay of a placement was counted when it happened.
      if (result.kind === 'placed' || result.kind === 'insufficient_stock') {
        metrics.put(METRIC.checkoutLatency, Math.round(performance.now() - started), 'Milliseconds');
        metrics.put(result.kind === 'placed' ? METRIC.ordersPlaced : METRIC.oversellRefusals, 1, 'Count');
      }
      return result;
    },
    async transition(id, from, to, at) {
      const order = await store.transition(id, from, to, at);
      if (order !== undefined && to === 'cancelled') metrics.put(METRIC.ordersCancelled, 1, 'Count');
      if (order !== undefined && to === 'paid') paid(metrics, order);
      return order;
    },
  };
}

/** Payments that failed, and orders a successful payment moved to paid (with their total as revenue). */
export function meteredPaymentStore(store: PaymentStore, metrics: Metrics): PaymentStore {
  return {
    ...store,
    async applyEvent(provider, event, at) {
      const outcome = await store.applyEvent(provider, event, at);
      if (outcome.kind === 'applied') {
        if (outcome.payment.status === 'failed') metrics.put(METRIC.paymentFailures, 1, 'Count');
        else if (outcome.payment.status === 'succeeded' && outcome.order.status === 'paid')
          paid(metrics, outcome.order);
      }
      return outcome;
    },
  };
}

function paid(metrics: Metrics, order: Order): void {
  metrics.put(METRIC.ordersPaid, 1, 'Count');
  metrics.put(METRIC.revenue, order.total.amount, 'None', { currency: order.total.currency });
}

/** One upload's processing: made ready or recorded failed (a bad image, or a throw the retry may fix). */
export async function meteredImage(
  metrics: Metrics,
  process: () => Promise<ProcessOutcome>,
): Promise<ProcessOutcome> {
  const started = performance.now();
  const done = (name: MetricName) => {
    metrics.put(name, 1, 'Count');
    metrics.put(METRIC.imageDuration, Math.round(performance.now() - started), 'Milliseconds');
  };
  try {
    const outcome = await process();
    // duplicate, stale, ignored: another delivery or a newer upload did (or does) the work.
    if (outcome === 'ready') done(METRIC.imagesProcessed);
    else if (outcome === 'failed') done(METRIC.imagesFailed);
    return outcome;
  } catch (error) {
    done(METRIC.imagesFailed);
    throw error;
  }
}

/** A job run's outcome, per job (JobRuns) and, for failures, in total (JobFailures). */
export function recordJobRun(metrics: Metrics, job: string, outcome: string): void {
  metrics.put(METRIC.jobRuns, 1, 'Count', { job, outcome });
  if (outcome === 'failed') metrics.put(METRIC.jobFailures, 1, 'Count');
}
