// The container entrypoint (ECS on Fargate or EC2): the API on PORT against DynamoDB.
import { createServices } from '../composition/create-services.js';
import { loadServerConfig } from '../config/config.js';
import { createApp } from '../http/app.js';
import { createLogger } from '../observability/logger.js';
import { exitOnStartupFailure } from './exit-on-startup-failure.js';
import { exitOnSignals, startHttpServer } from './http-server.js';

await exitOnStartupFailure(async () => {
  const config = loadServerConfig();
  const logger = createLogger({ level: config.logLevel });
  const app = createApp(createServices(config, { logger }));
  const server = await startHttpServer({
    fetch: app.fetch,
    port: config.port,
    shutdownGraceMs: config.shutdownGraceMs,
    logger,
  });
  logger.info('listening', { port: server.port });
  exitOnSignals(() => server.close(), logger);
});
