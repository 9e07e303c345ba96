import type { CryptoKey, JWTPayload, JWTVerifyResult, KeyObject } from 'jose';
import { type Principal, ROLES, type Role, type TokenVerifier } from '../../app/ports/token-verifier.js';
import { emailSchema } from '../../domain/ordering/address.js';
import { UnauthenticatedError, UnavailableError } from '../../domain/shared/errors.js';
import { isStorableText } from '../../domain/shared/storable-text.js';
import * as z from '../../domain/shared/zod.js';

export interface JwtVerifierOptions {
  /** Production: the issuer's JWKS (Cognito: `<issuer>/.well-known/jwks.json`), fetched lazily and cached. */
  jwksUrl?: string;
  /** Required `iss` when set. */
  issuer?: string;
  /**
   * Accepted `aud` (ID tokens) or `client_id` (Cognito access tokens carry no `aud`) when set: one of these
   * app clients (the shop's app, the admin console) must have asked for the token.
   */
  audience?: readonly string[];
  /** Local development: the public half of the key under DATA_DIR/keys. */
  localPublicKey?: CryptoKey | KeyObject;
  /**
   * The longest lifetime (`exp - iat`, or `exp - now` for a token without `iat`) accepted; default 24 h.
   * A stolen token is only as dangerous as it is long-lived, and an issuer misconfigured to mint
   * year-long tokens should be noticed, not trusted.
   */
  maxTokenLifetimeSeconds?: number;
}

export const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 24 * 60 * 60;
/** Subjects become customer ids on carts and orders: text the stores can hold, and no longer than ids get. */
const MAX_SUBJECT_LENGTH = 256;

// Asymmetric algorithms only: a verifier holding a public key must never accept an HMAC signed with it.
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];
const CLOCK_TOLERANCE_SECONDS = 5;

type Jose = typeof import('jose');
type VerifyJwt = (token: string) => Promise<JWTVerifyResult>;
type VerifiedTokens = ReturnType<typeof import('./verified-tokens.js').createVerifiedTokens>;

// jose (~20 KB of code to compile) loads on the first request that carries a token: anonymous catalog
// reads, the bulk of a storefront's traffic and most Lambda cold starts, never need it.
let josePromise: Promise<Jose> | undefined;
function loadJose(): Promise<Jose> {
  josePromise ??= import('jose');
  return josePromise;
}

/** Verifies bearer JWTs with jose and turns their claims into a Principal (roles admin/customer only). */
export function createJwtVerifier(options: JwtVerifierOptions): TokenVerifier {
  const checks = {
    issuer: options.issuer,
    algorithms: ALGORITHMS,
    clockTolerance: CLOCK_TOLERANCE_SECONDS,
    requiredClaims: ['sub', 'exp'],
  };
  const { jwksUrl, localPublicKey } = options;
  if (!jwksUrl && !localPublicKey) throw new Error('createJwtVerifier needs a jwksUrl or a localPublicKey');
  // Built once (the remote key set caches the JWKS, the verified tokens their principals), on the first
  // token: like jose, the cache's code is not read at a cold start that serves no token.
  let verifier: Promise<{ verifyJwt: VerifyJwt; verified: VerifiedTokens }> | undefined;
  const createVerifier = async () => {
    const [{ createRemoteJWKSet, jwtVerify }, { createVerifiedTokens }] = await Promise.all([
      loadJose(),
      import('./verified-tokens.js'),
    ]);
    const jwks = jwksUrl
      ? createRemoteJWKSet(new URL(jwksUrl), { timeoutDuration: 3000, cooldownDuration: 30_000 })
      : undefined;
    const verifyJwt: VerifyJwt = jwks
      ? (token) => jwtVerify(token, jwks, checks)
      : (token) => jwtVerify(token, localPublicKey as CryptoKey | KeyObject, checks);
    return { verifyJwt, verified: createVerifiedTokens() };
  };

  return {
    async verify(token) {
      let payload: JWTPayload;
      let verified: VerifiedTokens;
      try {
        verifier ??= createVerifier();
        const loaded = await verifier;
        verified = loaded.verified;
        const known = verified.get(token);
        if (known !== undefined) return known;
        ({ payload } = await loaded.verifyJwt(token));
      } catch (error) {
        throw await translate(error);
      }
      if (options.audience !== undefined && !isForAudience(payload, options.audience)) {
        throw new UnauthenticatedError('The bearer token was issued for another audience.');
      }
      const exp = checkLifetime(
        payload,
        options.maxTokenLifetimeSeconds ?? DEFAULT_MAX_TOKEN_LIFETIME_SECONDS,
      );
      return verified.remember(token, principalFrom(payload), exp);
    },
  };
}

/**
 * What jose leaves to us (it has checked `exp`, `nbf` and that `iat` is a number): `iat` must not lie in
 * the future (a token minted by a clock running ahead, or forged to look fresh for longer), and the token
 * must not live longer than the maximum. Without `iat` the time left until `exp` is what is bounded.
 * Returns `exp`.
 */
function checkLifetime(payload: JWTPayload, maxLifetimeSeconds: number): number {
  const now = Math.floor(Date.now() / 1000);
  const { iat, exp } = payload;
  if (typeof exp !== 'number') throw new UnauthenticatedError('The bearer token has no "exp" claim.');
  if (iat !== undefined && iat > now + CLOCK_TOLERANCE_SECONDS) {
    throw new UnauthenticatedError('The bearer token\'s "iat" claim lies in the future.');
  }
  if (exp - (iat ?? now) > maxLifetimeSeconds) {
    throw new UnauthenticatedError(
      `The bearer token lives longer than the ${maxLifetimeSeconds} seconds this API accepts: ask for a shorter-lived one.`,
    );
  }
  return exp;
}

function principalFrom(payload: JWTPayload): Principal {
  if (typeof payload.sub !== 'string' || payload.sub === '') {
    throw new UnauthenticatedError('The bearer token names no subject.');
  }
  if (payload.sub.length > MAX_SUBJECT_LENGTH || !isStorableText(payload.sub)) {
    throw new UnauthenticatedError(
      `The bearer token's subject must be at most ${MAX_SUBJECT_LENGTH} characters, without control characters.`,
    );
  }
  // An email claim that is no address (or absent, as in Cognito access tokens) is just not used.
  const email = z.safeParse(emailSchema, payload.email);
  return { sub: payload.sub, roles: rolesFrom(payload), ...(email.success ? { email: email.data } : {}) };
}

/** `roles` (a string or a list) and Cognito's `cognito:groups`, keeping only the roles this API knows. */
function rolesFrom(payload: JWTPayload): Role[] {
  const claimed = [payload.roles, payload['cognito:groups']].flatMap((claim) =>
    typeof claim === 'string' ? claim.split(/[\s,]+/) : Array.isArray(claim) ? claim : [],
  );
  return ROLES.filter((role) => claimed.includes(role));
}

function isForAudience(payload: JWTPayload, audience: readonly string[]): boolean {
  const aud = typeof payload.aud === 'string' ? [payload.aud] : (payload.aud ?? []);
  return audience.some((client) => aud.includes(client) || payload.client_id === client);
}

/** jose's messages stay in `cause`: clients get our wording, and an unreachable JWKS is a 503, not a 401. */
async function translate(error: unknown): Promise<Error> {
  // Only reached after verifying started, so jose is loaded (or failed to load: then it is not a JOSEError).
  const errors = await loadJose().then(
    (jose) => jose.errors,
    () => undefined,
  );
  if (!errors || error instanceof errors.JWKSTimeout || !(error instanceof errors.JOSEError)) {
    return new UnavailableError('The token issuer cannot be reached right now.', {
      retryAfterSeconds: 5,
      cause: error,
    });
  }
  if (error instanceof errors.JWTExpired) {
    return new UnauthenticatedError('The bearer token has expired.', { cause: error });
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    return new UnauthenticatedError(`The bearer token's "${error.claim}" claim is not acceptable.`, {
      cause: error,
    });
  }
  return new UnauthenticatedError('The bearer token is not valid.', { cause: error });
}
