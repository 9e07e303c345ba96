import { ConfigError } from '../config/config.js';

/**
 * Runs a server's start-up; on failure prints what went wrong and exits 1. Left uncaught, Node would also
 * print the offending source line, which in a minified bundle is ~100 KB of code in the container log.
 */
export async function exitOnStartupFailure(start: () => Promise<void>): Promise<void> {
  try {
    await start();
  } catch (error) {
    // A configuration mistake is the user's to fix: the message names the variable, a stack adds nothing.
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  }
}
