import { asksForHelp } from './command-line.js';

const LOCAL_HELP = `Usage: npm start

Serves the API on http://localhost:3000 (docs at /docs, the advisor at /advisor) with local stand-ins for
DynamoDB, PostgreSQL and S3, a demo catalog with stock, and the local signing key npm run token signs with.
Everything lives under DATA_DIR (./.data): delete it to start over. Ctrl-C stops it all.

Settings are environment variables: PORT (3000), HOST (127.0.0.1: this machine only; 0.0.0.0 for every
interface), DATA_DIR, DYNAMODB_PORT, POSTGRES_PORT, S3_PORT, or DYNAMODB_ENDPOINT, DATABASE_URL, S3_ENDPOINT
to use servers of your own; docs/configuration.md lists them all.

  -h, --help  this text
`;

/**
 * `npm start -- --help`: prints the usage and exits 0 before anything starts. Waits for the write to
 * finish first: on a pipe (macOS) an exit right after it could cut the text short.
 */
export async function exitAfterHelpIfAsked(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  if (!asksForHelp(argv)) return;
  await new Promise((resolve) => process.stdout.write(LOCAL_HELP, resolve));
  process.exit(0);
}
