// `npm start`: the whole API on one machine (see src/local/start-local.ts).
import { loadLocalConfig } from '../config/config.js';
import { startLocal } from '../local/start-local.js';
import { welcomeText } from '../local/welcome.js';
import { createLogger } from '../observability/logger.js';
import { exitOnStartupFailure } from './exit-on-startup-failure.js';
import { exitOnSignals } from './http-server.js';

await exitOnStartupFailure(async () => {
  const config = loadLocalConfig();
  const logger = createLogger({ level: config.logLevel });
  const local = await startLocal(config, logger);
  process.stdout.write(welcomeText({ ...local, tableName: config.tableName }));
  exitOnSignals(() => local.close(), logger);
});
