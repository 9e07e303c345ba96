import { parseArgs } from 'node:util';
import { DEFAULT_MAX_TOKEN_LIFETIME_SECONDS } from '../adapters/auth/jwt-verifier.js';
import { loadOrCreateLocalSigningKey, signLocalToken } from '../adapters/auth/local-signing-key.js';
import { ROLES, type Role } from '../app/ports/token-verifier.js';
import { emailSchema } from '../domain/ordering/address.js';
import * as z from '../domain/shared/zod.js';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

const TOKEN_USAGE =
  'usage: npm run token -- --role admin|customer [--sub alice] [--email alice@example.com] [--expires 1h]';

export const TOKEN_HELP = `Usage: npm run -s token -- --role admin|customer [--sub <subject>] [--email <address>] [--expires <duration>]

Prints a JWT that npm start's API accepts, signed with the local key under DATA_DIR (./.data/keys), and
nothing else, so that TOKEN=$(npm run -s token -- --role admin) works.

  --role admin|customer  required; repeat it, or list roles with commas, for both
  --sub <subject>        the token's subject; default local-<role>
  --email <address>      the token's email claim (orders default to it); default <subject>@example.com
  --expires <duration>   30m, 1h (the default), 12h, 1d or seconds; at most AUTH_MAX_TOKEN_LIFETIME_SECONDS
                         (a day by default), the longest lifetime the API accepts
  -h, --help             this text

Exit: 0 token printed, 2 bad options, 1 anything else.
`;

const OPTIONS = {
  role: { type: 'string', multiple: true },
  sub: { type: 'string' },
  email: { type: 'string' },
  expires: { type: 'string', default: '1h' },
  help: { type: 'boolean', short: 'h' },
} as const;

/**
 * `--help` or `-h` before any `--`: checked before configuration is read or arguments are judged, so
 * asking for the usage always answers and never signs anything or creates a key.
 */
export function asksForHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).some((arg) => arg === '--help' || arg === '-h');
}

export interface TokenRequest {
  roles: Role[];
  sub: string;
  email: string;
  expiresIn: string;
}

const DURATION = /^(\d+)\s*(s|sec|secs|m|min|mins|h|hr|hrs|d|day|days|w|week|weeks)?$/;
const SECONDS_PER_UNIT: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/**
 * `--role` may repeat or list roles with commas; the subject defaults to one per role so tokens differ.
 * `--expires` may not pass the API's maximum token lifetime (AUTH_MAX_TOKEN_LIFETIME_SECONDS, a day by
 * default): the server would refuse such a token, so it is refused here, where the reason is clearer.
 */
export function parseTokenArgs(
  argv: string[],
  maxLifetimeSeconds = DEFAULT_MAX_TOKEN_LIFETIME_SECONDS,
): TokenRequest {
  let values: { role?: string[]; sub?: string; email?: string; expires?: string };
  try {
    ({ values } = parseArgs({ args: argv, options: OPTIONS }));
  } catch (error) {
    // parseArgs' message names the option; its first line is the problem, the rest a hint about `--`.
    throw new UsageError(`${(error as Error).message.split('\n')[0]} (see --help)`);
  }
  const roles = (values.role ?? []).flatMap((role) => role.split(',')).filter(Boolean);
  if (roles.length === 0) throw new UsageError(`--role is required\n${TOKEN_USAGE}`);
  const unknown = roles.filter((role) => !(ROLES as readonly string[]).includes(role));
  if (unknown.length > 0)
    throw new UsageError(`unknown role ${unknown.join(', ')}: use ${ROLES.join(' or ')}`);
  const expiresIn = values.expires ?? '1h';
  const duration = DURATION.exec(expiresIn);
  if (duration === null) {
    throw new UsageError(`--expires ${expiresIn} is not a duration such as 30m, 1h or 12h`);
  }
  const seconds = Number(duration[1]) * (SECONDS_PER_UNIT[(duration[2] ?? 's').charAt(0)] as number);
  if (seconds > maxLifetimeSeconds) {
    throw new UsageError(
      `--expires ${expiresIn} is longer than the ${maxLifetimeSeconds} seconds the API accepts (AUTH_MAX_TOKEN_LIFETIME_SECONDS)`,
    );
  }
  const sub = values.sub ?? `local-${roles[0]}`;
  const email = values.email ?? `${sub}@example.com`;
  if (!z.safeParse(emailSchema, email).success) {
    throw new UsageError(
      `--email ${email} is not an email address${values.email === undefined ? ': give one with --email' : ''}`,
    );
  }
  return {
    roles: [...new Set(roles)] as Role[],
    sub,
    email,
    expiresIn: /^\d+$/.test(expiresIn) ? `${expiresIn}s` : expiresIn,
  };
}

/** A token that the local server started from the same DATA_DIR accepts (same signing key). */
export async function createLocalToken(dataDir: string, request: TokenRequest): Promise<string> {
  const key = await loadOrCreateLocalSigningKey(dataDir);
  return signLocalToken(key, {
    sub: request.sub,
    roles: request.roles,
    email: request.email,
    expiresIn: request.expiresIn,
  });
}
