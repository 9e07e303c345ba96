// `npm run token -- --role admin [--sub alice] [--expires 1h]`: prints only the token, so
// `TOKEN=$(npm run -s token -- --role admin)` works in a shell.
import { loadLocalConfig } from '../config/config.js';
import { createLocalToken, parseTokenArgs, UsageError } from '../local/token-cli.js';

try {
  const config = loadLocalConfig();
  const request = parseTokenArgs(process.argv.slice(2), config.auth.maxTokenLifetimeSeconds);
  const token = await createLocalToken(config.dataDir, request);
  process.stdout.write(`${token}\n`);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = error instanceof UsageError ? 2 : 1;
}
