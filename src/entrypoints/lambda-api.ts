// The API on Lambda: API Gateway HTTP API (payload 2.0) and ALB events, one Hono app.
import { createServices } from '../composition/create-services.js';
import { lambdaTraceId, loadApiConfig } from '../config/config.js';
import { createApp } from '../http/app.js';
import { installLightFetchClasses } from '../http/lambda/install-light-fetch-classes.js';
import { createLambdaHandler } from '../http/lambda/lambda-adapter.js';
import { createLogger, type LambdaContextLike } from '../observability/logger.js';

// Before anything builds a Request, Response or Headers: Node's own load undici (~25 ms of a cold start).
installLightFetchClasses();

// Built once per execution environment, during INIT: a bad configuration fails the INIT loudly, and
// provisioned concurrency runs this ahead of traffic. Sockets (DynamoDB), the JWKS and PostgreSQL are opened
// lazily, on the first request that needs them: the first ordering request loads the driver, opens the
// environment's one connection (through RDS Proxy) and applies pending migrations under the advisory lock.
const config = loadApiConfig(undefined, { poolMax: 1 });
const logger = createLogger({ level: config.logLevel });
// Order and payment metrics are written by the database chunk, loaded with the first ordering request. No
// metric code runs at start-up: the start-up budget has no room for it, so this function's cold starts are
// counted from its log (docs/operations.md).
const services = createServices(config, { logger, metrics: 'api', runtime: 'lambda' });
const handleEvent = createLambdaHandler(createApp({ ...services, runtime: 'lambda' }), {
  onInvalidRequest: (error) => logger.warn('event is no valid HTTP request', { error: String(error) }),
});

export const handler = (event: unknown, context: LambdaContextLike) => {
  // Lambda sets _X_AMZN_TRACE_ID anew for each invocation: read per event, so lines carry this one's trace.
  logger.addLambdaContext(context, lambdaTraceId());
  return handleEvent(event, context);
};
