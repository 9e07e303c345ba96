// `npm start`: the whole API on one machine, with DynamoDB and PostgreSQL embedded (see src/local/start-local.ts).
import { loadLocalConfig } from '../config/config.js';
import { ENV } from '../config/env-names.js';
import { createApp } from '../http/app.js';
import { explainPortInUse, startLocalStack } from '../local/start-local.js';
import { welcomeText } from '../local/welcome.js';
import { createLogger } from '../observability/logger.js';
import { exitOnStartupFailure } from './exit-on-startup-failure.js';
import { exitOnSignals, startHttpServer } from './http-server.js';
import { exitAfterHelpIfAsked } from './local-help.js';

await exitAfterHelpIfAsked();

await exitOnStartupFailure(async () => {
  const config = loadLocalConfig();
  const logger = createLogger({ level: config.logLevel });
  const stack = await startLocalStack(config, logger);
  const server = await startHttpServer({
    fetch: createApp(stack.services).fetch,
    port: config.port,
    shutdownGraceMs: config.shutdownGraceMs,
    logger,
  }).catch(async (error: unknown) => {
    await stack.close();
    throw explainPortInUse(error, ENV.port, config.port);
  });
  process.stdout.write(welcomeText({ ...server, ...stack, tableName: config.tableName }));
  exitOnSignals(async () => {
    await server.close();
    await stack.close();
  }, logger);
});
