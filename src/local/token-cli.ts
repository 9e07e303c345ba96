import { parseArgs } from 'node:util';
import { DEFAULT_MAX_TOKEN_LIFETIME_SECONDS } from '../adapters/auth/jwt-verifier.js';
import { loadOrCreateLocalSigningKey, signLocalToken } from '../adapters/auth/local-signing-key.js';
import { ROLES, type Role } from '../app/ports/token-verifier.js';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

const TOKEN_USAGE = 'usage: npm run token -- --role admin|customer [--sub alice] [--expires 1h]';

export interface TokenRequest {
  roles: Role[];
  sub: string;
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
  let values: { role?: string[]; sub?: string; expires?: string };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        role: { type: 'string', multiple: true },
        sub: { type: 'string' },
        expires: { type: 'string', default: '1h' },
      },
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${TOKEN_USAGE}`);
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
  return {
    roles: [...new Set(roles)] as Role[],
    sub: values.sub ?? `local-${roles[0]}`,
    expiresIn: /^\d+$/.test(expiresIn) ? `${expiresIn}s` : expiresIn,
  };
}

/** A token that the local server started from the same DATA_DIR accepts (same signing key). */
export async function createLocalToken(dataDir: string, request: TokenRequest): Promise<string> {
  const key = await loadOrCreateLocalSigningKey(dataDir);
  return signLocalToken(key, { sub: request.sub, roles: request.roles, expiresIn: request.expiresIn });
}
