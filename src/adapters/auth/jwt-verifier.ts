import {
  type CryptoKey,
  createRemoteJWKSet,
  errors,
  type JWTPayload,
  type JWTVerifyResult,
  jwtVerify,
  type KeyObject,
} from 'jose';
import { type Principal, ROLES, type Role, type TokenVerifier } from '../../app/ports/token-verifier.js';
import { UnauthenticatedError, UnavailableError } from '../../domain/shared/errors.js';

export interface JwtVerifierOptions {
  /** Production: the issuer's JWKS (Cognito: `<issuer>/.well-known/jwks.json`), fetched lazily and cached. */
  jwksUrl?: string;
  /** Required `iss` when set. */
  issuer?: string;
  /** Required `aud` (ID tokens) or `client_id` (Cognito access tokens carry no `aud`) when set. */
  audience?: string;
  /** Local development: the public half of the key under DATA_DIR/keys. */
  localPublicKey?: CryptoKey | KeyObject;
}

// Asymmetric algorithms only: a verifier holding a public key must never accept an HMAC signed with it.
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];
const CLOCK_TOLERANCE_SECONDS = 5;

/** Verifies bearer JWTs with jose and turns their claims into a Principal (roles admin/customer only). */
export function createJwtVerifier(options: JwtVerifierOptions): TokenVerifier {
  const checks = {
    issuer: options.issuer,
    algorithms: ALGORITHMS,
    clockTolerance: CLOCK_TOLERANCE_SECONDS,
    requiredClaims: ['sub', 'exp'],
  };
  const { jwksUrl, localPublicKey } = options;
  let verifyJwt: (token: string) => Promise<JWTVerifyResult>;
  if (jwksUrl) {
    const jwks = createRemoteJWKSet(new URL(jwksUrl), { timeoutDuration: 3000, cooldownDuration: 30_000 });
    verifyJwt = (token) => jwtVerify(token, jwks, checks);
  } else if (localPublicKey) {
    verifyJwt = (token) => jwtVerify(token, localPublicKey, checks);
  } else {
    throw new Error('createJwtVerifier needs a jwksUrl or a localPublicKey');
  }

  return {
    async verify(token) {
      let payload: JWTPayload;
      try {
        ({ payload } = await verifyJwt(token));
      } catch (error) {
        throw translate(error);
      }
      if (options.audience !== undefined && !isForAudience(payload, options.audience)) {
        throw new UnauthenticatedError('The bearer token was issued for another audience.');
      }
      return principalFrom(payload);
    },
  };
}

function principalFrom(payload: JWTPayload): Principal {
  if (typeof payload.sub !== 'string' || payload.sub === '') {
    throw new UnauthenticatedError('The bearer token names no subject.');
  }
  return { sub: payload.sub, roles: rolesFrom(payload) };
}

/** `roles` (a string or a list) and Cognito's `cognito:groups`, keeping only the roles this API knows. */
export function rolesFrom(payload: JWTPayload): Role[] {
  const claimed = [payload.roles, payload['cognito:groups']].flatMap((claim) =>
    typeof claim === 'string' ? claim.split(/[\s,]+/) : Array.isArray(claim) ? claim : [],
  );
  return ROLES.filter((role) => claimed.includes(role));
}

function isForAudience(payload: JWTPayload, audience: string): boolean {
  const aud = typeof payload.aud === 'string' ? [payload.aud] : (payload.aud ?? []);
  return aud.includes(audience) || payload.client_id === audience;
}

/** jose's messages stay in `cause`: clients get our wording, and an unreachable JWKS is a 503, not a 401. */
function translate(error: unknown): Error {
  if (error instanceof errors.JWKSTimeout || !(error instanceof errors.JOSEError)) {
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
