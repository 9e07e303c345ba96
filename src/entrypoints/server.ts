// The container entrypoint (ECS on Fargate or EC2): the API on PORT against DynamoDB and PostgreSQL.
import { createServices } from '../composition/create-services.js';
import { EVENT_SWEEP_INTERVAL_MS } from '../composition/order-events.js';
import { loadServerConfig } from '../config/config.js';
import { createApp } from '../http/app.js';
import { createLogger } from '../observability/logger.js';
import { metricsFor } from '../observability/metrics.js';
import { exitOnStartupFailure } from './exit-on-startup-failure.js';
import { exitOnSignals, startHttpServer } from './http-server.js';
import { scopedRequests } from './request-scope.js';

await exitOnStartupFailure(async () => {
  const config = loadServerConfig();
  const logger = createLogger({ level: config.logLevel });
  // Lines written while a request runs carry its requestId and the ALB's trace (xray_trace_id).
  const requests = scopedRequests(logger);
  // A container's start is its cold start: the first requests pay the same warm-up.
  metricsFor('api').coldStart();
  const services = createServices(config, { logger: requests.logger, metrics: 'api' });
  // Pool open and migrations applied (MIGRATE_ON_START) before listening: the load balancer's health
  // check passes only once the schema is there.
  await services.database.prepare();
  // Order events a previous process committed but did not publish go out now, and then every few seconds.
  const { relay } = services.orderEvents;
  relay.kick();
  relay.sweepEvery(EVENT_SWEEP_INTERVAL_MS);
  const app = createApp(services);
  const server = await startHttpServer({
    fetch: requests.fetch(app),
    port: config.port,
    host: config.host,
    shutdownGraceMs: config.shutdownGraceMs,
    logger,
  });
  logger.info('listening', { host: config.host, port: server.port });
  exitOnSignals(async () => {
    await server.close();
    await services.closeJobs();
    // The last kicks' passes finish (and mark what they published) before the pool ends.
    await relay.stop();
    await services.database.close();
  }, logger);
});
