// `npm start`: the whole API on one machine, with DynamoDB and PostgreSQL embedded (see src/local/start-local.ts).
import type { Logger } from '../app/ports/logger.js';
import { type LocalConfig, loadLocalConfig } from '../config/config.js';
import { ENV } from '../config/env-names.js';
import { createApp } from '../http/app.js';
import { explainPortInUse, startLocalStack } from '../local/start-local.js';
import { welcomeText } from '../local/welcome.js';
import { createLogger } from '../observability/logger.js';
import { exitOnStartupFailure } from './exit-on-startup-failure.js';
import { exitOnSignals, startHttpServer } from './http-server.js';
import { exitAfterHelpIfAsked } from './local-help.js';

// `npm start -- --help`: the usage, before any configuration is read or anything starts.
await exitAfterHelpIfAsked();

await exitOnStartupFailure(async () => {
  const config = loadLocalConfig();
  const logger = createLogger({ level: config.logLevel });
  const starting = start(config, logger);
  // Listening before anything starts: a Ctrl-C during start-up waits for it, then stops what it started.
  // The HTTP server drains first, then the stand-ins stop, so requests in flight still reach them.
  exitOnSignals(async () => {
    // A failed start is reported (exit 1) by exitOnStartupFailure.
    const started = await starting.catch(() => undefined);
    await started?.server.close();
    await started?.stack.close();
  }, logger);
  const { server, stack } = await starting;
  process.stdout.write(welcomeText({ ...server, ...stack, tableName: config.tableName }));
});

async function start(config: LocalConfig, logger: Logger) {
  const stack = await startLocalStack(config, logger);
  const server = await startHttpServer({
    fetch: createApp(stack.services).fetch,
    port: config.port,
    host: config.host,
    shutdownGraceMs: config.shutdownGraceMs,
    logger,
  }).catch(async (error: unknown) => {
    await stack.close();
    throw explainPortInUse(error, ENV.port, config.port);
  });
  return { server, stack };
}
