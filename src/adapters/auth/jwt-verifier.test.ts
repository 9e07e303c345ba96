import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type CryptoKey, exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { UnauthenticatedError, UnavailableError } from '../../domain/shared/errors.js';
import { createJwtVerifier } from './jwt-verifier.js';

const ISSUER = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_test';

async function keyPair() {
  return generateKeyPair('RS256', { extractable: true });
}

function sign(
  privateKey: CryptoKey,
  claims: JWTPayload,
  options: { kid?: string; exp?: number | string } = {},
) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: options.kid ?? 'k1' })
    .setIssuer(typeof claims.iss === 'string' ? claims.iss : ISSUER)
    .setIssuedAt()
    .setExpirationTime(options.exp ?? '5m')
    .sign(privateKey);
}

describe('JWT verifier', () => {
  let keys: Awaited<ReturnType<typeof keyPair>>;
  let jwks: Server;
  let jwksUrl: string;
  let jwksRequests = 0;

  beforeAll(async () => {
    keys = await keyPair();
    const publicJwk = { ...(await exportJWK(keys.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    jwks = createServer((_req, res) => {
      jwksRequests++;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [publicJwk] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/.well-known/jwks.json`;
  });
  afterAll(async () => {
    await new Promise((resolve) => jwks.close(resolve));
  });

  const verifier = () => createJwtVerifier({ jwksUrl, issuer: ISSUER });

  it('accepts a Cognito-style token through the JWKS, roles from cognito:groups', async () => {
    const token = await sign(keys.privateKey, { sub: 'u-1', 'cognito:groups': ['admin', 'staff'] });
    expect(await verifier().verify(token)).toEqual({ sub: 'u-1', roles: ['admin'] });
  });

  it('fetches the JWKS once and caches it', async () => {
    const v = verifier();
    const before = jwksRequests;
    for (let i = 0; i < 3; i++) await v.verify(await sign(keys.privateKey, { sub: `u-${i}` }));
    expect(jwksRequests - before).toBe(1);
  });

  it('reads the email claim when it is one address, and ignores it otherwise', async () => {
    const withEmail = await sign(keys.privateKey, { sub: 'a', roles: 'customer', email: 'a@shop.test' });
    const withJunk = await sign(keys.privateKey, { sub: 'b', roles: 'customer', email: 'a@b, c@d' });
    expect((await verifier().verify(withEmail)).email).toBe('a@shop.test');
    expect(await verifier().verify(withJunk)).toEqual({ sub: 'b', roles: ['customer'] });
  });

  it('reads roles from a "roles" string or list and drops unknown roles', async () => {
    const asString = await sign(keys.privateKey, { sub: 'a', roles: 'customer' });
    const asList = await sign(keys.privateKey, { sub: 'b', roles: ['customer', 'admin', 'root'] });
    expect((await verifier().verify(asString)).roles).toEqual(['customer']);
    expect((await verifier().verify(asList)).roles).toEqual(['admin', 'customer']);
  });

  it.each([
    [
      'expired',
      async () => sign(keys.privateKey, { sub: 'a' }, { exp: Math.floor(Date.now() / 1000) - 60 }),
      /expired/,
    ],
    ['wrong issuer', async () => sign(keys.privateKey, { sub: 'a', iss: 'https://evil.example' }), /"iss"/],
    ['bad signature', async () => sign((await keyPair()).privateKey, { sub: 'a' }), /not valid/],
    ['not a JWT', async () => 'not.a.jwt', /not valid/],
    ['no subject', async () => sign(keys.privateKey, {}), /"sub"/],
  ])('refuses a token with %s (401, without jose text)', async (_name, makeToken, message) => {
    const error = await verifier()
      .verify(await makeToken())
      .catch((e) => e);
    expect(error).toBeInstanceOf(UnauthenticatedError);
    expect(error.message).toMatch(message);
  });

  it('refuses an HMAC token even when the secret is guessable (algorithm pinning)', async () => {
    const token = await new SignJWT({ sub: 'a' })
      .setProtectedHeader({ alg: 'HS256', kid: 'k1' })
      .setIssuer(ISSUER)
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('secret-secret-secret-secret-secret'));
    await expect(verifier().verify(token)).rejects.toBeInstanceOf(UnauthenticatedError);
  });

  it('checks the audience against aud, or client_id for Cognito access tokens, any of the app clients', async () => {
    const v = createJwtVerifier({ jwksUrl, issuer: ISSUER, audience: ['app-client', 'console-client'] });
    const consoleToken = await sign(keys.privateKey, { sub: 'a', aud: 'console-client' });
    expect((await v.verify(consoleToken)).sub).toBe('a');
    const idToken = await sign(keys.privateKey, { sub: 'a', aud: 'app-client' });
    const accessToken = await sign(keys.privateKey, {
      sub: 'a',
      client_id: 'app-client',
      token_use: 'access',
    });
    const other = await sign(keys.privateKey, { sub: 'a', client_id: 'other-client' });
    expect((await v.verify(idToken)).sub).toBe('a');
    expect((await v.verify(accessToken)).sub).toBe('a');
    await expect(v.verify(other)).rejects.toBeInstanceOf(UnauthenticatedError);
  });

  it('answers 503-worthy UnavailableError when the JWKS cannot be reached', async () => {
    const down = createServer();
    await new Promise<void>((resolve) => down.listen(0, '127.0.0.1', resolve));
    const port = (down.address() as AddressInfo).port;
    await new Promise((resolve) => down.close(resolve));
    const v = createJwtVerifier({ jwksUrl: `http://127.0.0.1:${port}/jwks.json`, issuer: ISSUER });
    const error = await v.verify(await sign(keys.privateKey, { sub: 'a' })).catch((e) => e);
    expect(error).toBeInstanceOf(UnavailableError);
    expect(error.message).not.toMatch(/ECONNREFUSED|fetch/);
  });

  describe('lifetime', () => {
    const now = () => Math.floor(Date.now() / 1000);
    /** A token with exactly these time claims (undefined: left out). */
    const timed = (claims: { iat?: number; exp?: number }, sub = 'a') => {
      const jwt = new SignJWT({ sub, ...claims }).setProtectedHeader({ alg: 'RS256', kid: 'k1' });
      return jwt.setIssuer(ISSUER).sign(keys.privateKey);
    };
    const refusal = async (token: string, v = verifier()) => v.verify(token).catch((error) => error);

    it('accepts a token living exactly the maximum (a day by default)', async () => {
      const iat = now() - 60;
      expect((await verifier().verify(await timed({ iat, exp: iat + 24 * 3600 }))).sub).toBe('a');
    });

    it('refuses a token living longer than the maximum, even while it is fresh', async () => {
      const iat = now() - 60;
      const error = await refusal(await timed({ iat, exp: iat + 24 * 3600 + 1 }));
      expect(error).toBeInstanceOf(UnauthenticatedError);
      expect(error.message).toMatch(/lives longer than the 86400 seconds/);
    });

    it('takes the maximum from its options', async () => {
      const strict = createJwtVerifier({ jwksUrl, issuer: ISSUER, maxTokenLifetimeSeconds: 600 });
      const iat = now() - 60;
      expect((await strict.verify(await timed({ iat, exp: iat + 600 }))).sub).toBe('a');
      expect(await refusal(await timed({ iat, exp: iat + 601 }), strict)).toBeInstanceOf(
        UnauthenticatedError,
      );
    });

    it('refuses a token issued in the future beyond the clock tolerance', async () => {
      const iat = now() + 120;
      const error = await refusal(await timed({ iat, exp: iat + 300 }));
      expect(error).toBeInstanceOf(UnauthenticatedError);
      expect(error.message).toMatch(/"iat" claim lies in the future/);
    });

    it('accepts an iat a little ahead, within the clock tolerance', async () => {
      const iat = now() + 2;
      expect((await verifier().verify(await timed({ iat, exp: iat + 300 }))).sub).toBe('a');
    });

    it('bounds a token without iat by the time it has left', async () => {
      expect((await verifier().verify(await timed({ exp: now() + 3600 }))).sub).toBe('a');
      expect(await refusal(await timed({ exp: now() + 48 * 3600 }))).toBeInstanceOf(UnauthenticatedError);
    });

    it('refuses a token it verified before once the token has expired (verified tokens are kept until exp only)', async () => {
      const v = verifier();
      const token = await timed({ iat: now(), exp: now() + 60 });
      expect((await v.verify(token)).sub).toBe('a');
      vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 120_000 });
      try {
        const error = await refusal(token, v);
        expect(error).toBeInstanceOf(UnauthenticatedError);
        expect(error.message).toMatch(/expired/);
      } finally {
        vi.useRealTimers();
      }
    });

    it('refuses a tampered copy of a token it verified before', async () => {
      const v = verifier();
      const token = await timed({ iat: now(), exp: now() + 60 });
      await v.verify(token);
      const [header, , signature] = token.split('.');
      const claims = Buffer.from(JSON.stringify({ sub: 'b', iss: ISSUER, iat: now(), exp: now() + 60 }));
      const forged = `${header}.${claims.toString('base64url')}.${signature}`;
      expect(await refusal(forged, v)).toBeInstanceOf(UnauthenticatedError);
    });

    it('refuses a token without exp', async () => {
      const error = await refusal(await timed({ iat: now() }));
      expect(error).toBeInstanceOf(UnauthenticatedError);
      expect(error.message).toMatch(/"exp"/);
    });
  });

  it.each([
    ['a control character', 'al\u0000ice'],
    ['a lone surrogate', 'al\ud800ice'],
    ['more than 256 characters', 'a'.repeat(257)],
  ])('refuses a subject with %s: it becomes a customer id in storage', async (_name, sub) => {
    const error = await verifier()
      .verify(await sign(keys.privateKey, { sub }))
      .catch((e) => e);
    expect(error).toBeInstanceOf(UnauthenticatedError);
    expect(error.message).toMatch(/subject/);
  });

  it('needs a key source', () => {
    expect(() => createJwtVerifier({ issuer: ISSUER })).toThrow(/jwksUrl or a localPublicKey/);
  });
});
