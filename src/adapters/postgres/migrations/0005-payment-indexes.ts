import type { Migration } from './migration.js';

/**
 * What the payment code looks orders up by, each a small partial index: the placed orders by age (the
 * cancel-unpaid-orders job reads the oldest ones past the payment timeout) and the refunds still to ask
 * the provider for (the same job retries them).
 */
export const paymentIndexes: Migration = {
  id: '0005-payment-indexes',
  sql: `
CREATE INDEX orders_placed_by_age ON orders (created_at, id) WHERE status = 'placed';
CREATE INDEX orders_refund_pending ON orders (updated_at, id) WHERE refund_status = 'pending';
`,
};
