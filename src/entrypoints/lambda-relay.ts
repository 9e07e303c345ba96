// The relay Lambda: a schedule invokes it (every minute); each invocation publishes what the order event
// outbox still holds (a crash between an order's commit and its publish, a bus that was down) to EVENT_BUS_NAME.
import type { Context } from 'aws-lambda';
import { createEventRelayRuntime } from '../composition/order-events.js';
import { lambdaTraceId, loadEventRelayConfig } from '../config/config.js';
import { createLogger } from '../observability/logger.js';
import { metricsFor } from '../observability/metrics.js';

// Built once per execution environment (INIT): a bad configuration fails loudly before any event.
const config = loadEventRelayConfig();
const logger = createLogger({ level: config.logLevel, service: 'slimshop-relay' });
const metrics = metricsFor('relay');
const relay = createEventRelayRuntime(config, { logger, metrics });

export const handler = async (_event: unknown, context: Context) => {
  // Lambda sets _X_AMZN_TRACE_ID anew for each invocation: read per event, so lines carry this one's trace.
  logger.addLambdaContext(context, lambdaTraceId());
  metrics.coldStart();
  // A failure (database unreachable) fails the invocation: the schedule's next one tries again.
  const published = await relay.sweep();
  if (published > 0) logger.info('order events published', { published });
  return { published };
};
