// The container entrypoint (ECS on Fargate or EC2): the API on PORT against DynamoDB and PostgreSQL.
import { createServices } from '../composition/create-services.js';
import { EVENT_SWEEP_INTERVAL_MS } from '../composition/order-events.js';
import { loadMetricsConfig, loadServerConfig } from '../config/config.js';
import { createApp } from '../http/app.js';
import { createLogger } from '../observability/logger.js';
import { createMetrics } from '../observability/metrics.js';
import { exitOnStartupFailure } from './exit-on-startup-failure.js';
import { exitOnSignals, startHttpServer } from './http-server.js';

await exitOnStartupFailure(async () => {
  const config = loadServerConfig();
  const logger = createLogger({ level: config.logLevel });
  const metrics = { ...loadMetricsConfig(), service: 'api' } as const;
  // A container's start is its cold start: the first requests pay the same warm-up.
  createMetrics(metrics).coldStart();
  const services = createServices(config, { logger, metrics });
  // Pool open and migrations applied (MIGRATE_ON_START) before listening: the load balancer's health
  // check passes only once the schema is there.
  await services.database.prepare();
  // Order events a previous process committed but did not publish go out now, and then every few seconds.
  const { relay } = services.orderEvents;
  relay.kick();
  relay.sweepEvery(EVENT_SWEEP_INTERVAL_MS);
  const app = createApp(services);
  const server = await startHttpServer({
    fetch: app.fetch,
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
