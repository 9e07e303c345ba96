/**
 * The CloudWatch metrics the runtime writes (as Embedded Metric Format log lines, src/observability/metrics.ts),
 * in namespace METRIC_NAMESPACE. The CDK app imports this file for its alarms and dashboard, so a renamed
 * metric cannot leave a graph or an alarm watching nothing.
 */
export const METRIC_NAMESPACE = 'Slimshop';

export const METRIC = {
  /** Orders placed (a fresh placement, not an idempotent replay). Count. */
  ordersPlaced: 'OrdersPlaced',
  /** Orders cancelled: by their owner, an admin or the unpaid-order expiry. Count. */
  ordersCancelled: 'OrdersCancelled',
  /** Orders moved to paid by a payment that succeeded. Count. */
  ordersPaid: 'OrdersPaid',
  /** The total of each paid order, in minor units of its currency (dimension `currency`). None. */
  revenue: 'Revenue',
  /** Payments the provider reported failed. Count. */
  paymentFailures: 'PaymentFailures',
  /** The checkout transaction (price, reserve stock, write the order): placed or refused. Milliseconds. */
  checkoutLatency: 'CheckoutLatency',
  /** Orders refused with 409 because the stock did not cover them. Count. */
  oversellRefusals: 'OversellRefusals',
  /** Uploaded originals turned into variants by the image worker. Count. */
  imagesProcessed: 'ImagesProcessed',
  /** Uploads the image worker failed to process (the event is retried). Count. */
  imagesFailed: 'ImagesFailed',
  /** One upload's processing, succeeded or failed. Milliseconds. */
  imageDuration: 'ImageDuration',
  /** Job runs by `job` and `outcome` (succeeded, failed, transient, ...). Count. */
  jobRuns: 'JobRuns',
  /** Job runs that failed (any job; per job in JobRuns). Count. */
  jobFailures: 'JobFailures',
  /** Execution environments that answered their first event (Lambda) or process starts (containers). Count. */
  coldStarts: 'ColdStarts',
  /** Age of the oldest order event a relay sweep found unpublished (0 when none). Seconds. */
  outboxOldestEventAge: 'OutboxOldestEventAge',
} as const;

export type MetricName = (typeof METRIC)[keyof typeof METRIC];

/** The `service` dimension: which program wrote the metric. */
export type MetricService = 'api' | 'images' | 'jobs' | 'relay' | 'email';
