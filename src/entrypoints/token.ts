// `npm run token -- --role admin [--sub alice] [--expires 1h]`: prints only the token, so
// `TOKEN=$(npm run -s token -- --role admin)` works in a shell. `--help` prints the usage and nothing else.
import { loadLocalConfig } from '../config/config.js';
import { asksForHelp, createLocalToken, parseTokenArgs, TOKEN_HELP, UsageError } from '../local/token-cli.js';

const argv = process.argv.slice(2);
if (asksForHelp(argv)) process.stdout.write(TOKEN_HELP);
else
  try {
    const config = loadLocalConfig();
    const request = parseTokenArgs(argv, config.auth.maxTokenLifetimeSeconds);
    process.stdout.write(`${await createLocalToken(config.dataDir, request)}\n`);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = error instanceof UsageError ? 2 : 1;
  }
