// The image Lambda: S3 ObjectCreated events for uploaded originals -> web variants, recorded on the product.
import type { Context, S3Event } from 'aws-lambda';
import { createImageEventHandler } from '../composition/image-event-handler.js';
import { lambdaTraceId, loadImageWorkerConfig } from '../config/config.js';
import { createLogger } from '../observability/logger.js';
import { metricsFor } from '../observability/metrics.js';

// Built once per execution environment (INIT): a bad configuration fails loudly before any event.
const config = loadImageWorkerConfig();
const logger = createLogger({ level: config.logLevel });
const metrics = metricsFor('images');
const handleEvent = createImageEventHandler(config, { logger, metrics });

export const handler = (event: S3Event, context: Context) => {
  // Lambda sets _X_AMZN_TRACE_ID anew for each invocation: read per event, so lines carry this one's trace.
  logger.addLambdaContext(context, lambdaTraceId());
  metrics.coldStart();
  return handleEvent(event);
};
