// The email Lambda: an SQS queue subscribed to the order event bus -> at most one email per order event.
import type { Context, SQSEvent } from 'aws-lambda';
import { createEmailWorker } from '../composition/order-emails.js';
import { lambdaTraceId, loadEmailWorkerConfig } from '../config/config.js';
import { createLogger } from '../observability/logger.js';
import { metricsFor } from '../observability/metrics.js';

// Built once per execution environment (INIT): a bad configuration fails loudly before any event.
const config = loadEmailWorkerConfig();
const logger = createLogger({ level: config.logLevel, service: 'slimshop-email' });
const worker = createEmailWorker(config, { logger });
const metrics = metricsFor('email');

export const handler = (event: SQSEvent, context: Context) => {
  // Lambda sets _X_AMZN_TRACE_ID anew for each invocation: read per event, so lines carry this one's trace.
  logger.addLambdaContext(context, lambdaTraceId());
  metrics.coldStart();
  return worker.handleBatch(event);
};
