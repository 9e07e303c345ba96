// The API on Lambda: API Gateway HTTP API (payload 2.0) and ALB events, one Hono app.
import { handle, type LambdaContext, type LambdaEvent } from 'hono/aws-lambda';
import { createServices } from '../composition/create-services.js';
import { loadApiConfig } from '../config/config.js';
import { createApp } from '../http/app.js';
import { createLogger } from '../observability/logger.js';
import { joinRepeatedAlbHeaders } from './alb-headers.js';

// Built once per execution environment, during INIT: a bad configuration fails the INIT loudly, and
// provisioned concurrency runs this ahead of traffic. Sockets (DynamoDB), the JWKS and PostgreSQL are opened
// lazily, on the first request that needs them: the first ordering request loads the driver, opens the
// environment's one connection (through RDS Proxy) and applies pending migrations under the advisory lock.
const config = loadApiConfig(undefined, { poolMax: 1 });
const logger = createLogger({ level: config.logLevel });
const handleEvent = handle(createApp(createServices(config, { logger, runtime: 'lambda' })));

export const handler = (event: LambdaEvent, context: LambdaContext) => {
  logger.addLambdaContext(context);
  return handleEvent(joinRepeatedAlbHeaders(event), context);
};
