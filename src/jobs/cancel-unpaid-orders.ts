import type { ExpirySummary } from '../app/payments/payment-service.js';
import * as z from '../domain/shared/zod.js';
import { estimateOf } from './estimates.js';
import type { JobDefinition } from './job.js';

const cancelUnpaidOrdersArgsSchema = z.strictObject({});
export type CancelUnpaidOrdersArgs = z.input<typeof cancelUnpaidOrdersArgsSchema>;

/** At most this many orders per run (50 batches of 100, then the next run goes on): about 20 ms each. */
const MAX_ORDERS_PER_RUN = 5000;
const MS_PER_ORDER = 20;

/**
 * Unpaid orders expire: every `placed` order older than PAYMENT_TIMEOUT_MINUTES (default 30) is cancelled
 * as a cancellation does it (stock and discount redemption back, order.cancelled), and refunds still due
 * (the provider was unreachable when they were asked for) are asked for again. Every minute inside
 * `npm start`; on AWS a schedule invokes it on the jobs Lambda.
 */
export const cancelUnpaidOrdersJob: JobDefinition<CancelUnpaidOrdersArgs, ExpirySummary> = {
  name: 'cancel-unpaid-orders',
  description:
    'Cancels orders left unpaid for PAYMENT_TIMEOUT_MINUTES (stock and discount redemptions come back) and retries refunds still due; no options',
  args: cancelUnpaidOrdersArgsSchema as z.ZodMiniType<CancelUnpaidOrdersArgs>,
  async estimate() {
    return estimateOf(
      MAX_ORDERS_PER_RUN,
      'orders',
      MS_PER_ORDER,
      `at most ${MAX_ORDERS_PER_RUN} orders a run, one short transaction each`,
    );
  },
  async run(_args, { services, onProgress }) {
    if (services.payments === undefined) {
      throw new Error(
        'cancel-unpaid-orders reads PostgreSQL: set DATABASE_URL (or DATABASE_HOST, DATABASE_NAME, DATABASE_USER).',
      );
    }
    const summary = await services.payments.expireUnpaidOrders();
    onProgress({ done: summary.cancelled, total: summary.cancelled, unit: 'orders' });
    return summary;
  },
};
