import type { Context, MiddlewareHandler } from 'hono';
import type { Principal, Role, TokenVerifier } from '../../app/ports/token-verifier.js';
import { ForbiddenError, UnauthenticatedError } from '../../domain/shared/errors.js';
import type { AppEnv } from '../app-env.js';

const BEARER = /^Bearer[ \t]+([A-Za-z0-9_.~+/-]+=*)[ \t]*$/i;

/**
 * Verifies a bearer token when one is presented and leaves the principal on the context. No token means
 * anonymous; a bad token is a 401 even on public routes, so a client never mistakes "anonymous view" for
 * "my token works".
 */
export function authenticate(tokens: TokenVerifier): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    if (header !== undefined) {
      const token = BEARER.exec(header)?.[1];
      if (token === undefined)
        throw new UnauthenticatedError('The Authorization header must be "Bearer <token>".');
      c.set('principal', await tokens.verify(token));
    }
    await next();
  };
}

/** 401 for anonymous callers, 403 for callers without the role. */
export function requireRole(role: Role): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const principal = c.get('principal');
    if (principal === undefined) throw new UnauthenticatedError();
    if (!principal.roles.includes(role)) throw new ForbiddenError(`This operation needs the ${role} role.`);
    await next();
  };
}

/** 401 for anonymous callers, 403 for callers with none of the roles (a token with no known role). */
export function requireAnyRole(...roles: Role[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const principal = c.get('principal');
    if (principal === undefined) throw new UnauthenticatedError();
    if (!roles.some((role) => principal.roles.includes(role))) {
      throw new ForbiddenError(`This operation needs one of the roles ${roles.join(', ')}.`);
    }
    await next();
  };
}

/** The caller on a route that requires one (after requireRole / requireAnyRole, it is always there). */
export function principalOf(c: Context<AppEnv>): Principal {
  const principal = c.get('principal');
  if (principal === undefined) throw new UnauthenticatedError();
  return principal;
}
