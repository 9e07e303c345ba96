import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type LocalSigningKey,
  loadOrCreateLocalSigningKey,
} from '../../src/adapters/auth/local-signing-key.js';
import { JSON_HEADERS, json, startTestApi, type TestApi } from '../support/test-api.js';

describe('authentication and roles over HTTP', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi();
    await api.catalog.createCategory({ id: 'mugs', name: 'Mugs' });
  });
  afterAll(() => api.close());

  /** A token with arbitrary claims, signed by the key the app trusts unless another key is given. */
  const signed = (
    claims: Record<string, unknown>,
    options: { exp?: number; iss?: string; key?: LocalSigningKey['privateKey'] } = {},
  ) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256' })
      .setSubject('someone')
      .setIssuer(options.iss ?? api.signingKey.issuer)
      .setIssuedAt()
      .setExpirationTime(options.exp ?? Math.floor(Date.now() / 1000) + 300)
      .sign(options.key ?? api.signingKey.privateKey);

  const createCategory = (headers: Record<string, string>) =>
    api.request('/categories', {
      method: 'POST',
      headers: { ...JSON_HEADERS, ...headers },
      body: JSON.stringify({ name: 'Secured' }),
    });

  it('401 with WWW-Authenticate when an admin route gets no token', async () => {
    const response = await createCategory({});
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="slimshop"');
    expect(response.headers.get('content-type')).toBe('application/problem+json');
  });

  it('403 for a customer on an admin route', async () => {
    const response = await createCategory(await api.auth('customer'));
    expect(response.status).toBe(403);
    expect((await json(response)).detail).toMatch(/admin/);
  });

  it('201 for an admin, also when the role comes from cognito:groups', async () => {
    expect((await createCategory(await api.auth('admin'))).status).toBe(201);
    const cognito = await signed({ 'cognito:groups': ['admin'], token_use: 'access', client_id: 'web' });
    expect((await createCategory({ authorization: `Bearer ${cognito}` })).status).toBe(201);
  });

  it.each([
    ['expired', () => signed({ roles: ['admin'] }, { exp: Math.floor(Date.now() / 1000) - 60 }), /expired/],
    ['wrong issuer', () => signed({ roles: ['admin'] }, { iss: 'https://attacker.example' }), /"iss"/],
    [
      'bad signature',
      async () => {
        const { mkdtemp } = await import('node:fs/promises');
        const { tmpdir } = await import('node:os');
        const other = await loadOrCreateLocalSigningKey(await mkdtemp(`${tmpdir()}/other-key-`));
        return signed({ roles: ['admin'] }, { key: other.privateKey });
      },
      /not valid/,
    ],
    ['garbage', async () => 'abc.def.ghi', /not valid/],
    [
      'valid for more than a day (the default maximum lifetime)',
      () => signed({ roles: ['admin'] }, { exp: Math.floor(Date.now() / 1000) + 25 * 3600 }),
      /lives longer than the 86400 seconds/,
    ],
    [
      'issued in the future',
      () =>
        new SignJWT({ roles: ['admin'], sub: 'someone' })
          .setProtectedHeader({ alg: 'ES256' })
          .setIssuer(api.signingKey.issuer)
          .setIssuedAt(Math.floor(Date.now() / 1000) + 3600)
          .setExpirationTime(Math.floor(Date.now() / 1000) + 7200)
          .sign(api.signingKey.privateKey),
      /"iat" claim lies in the future/,
    ],
    [
      'without exp',
      () =>
        new SignJWT({ roles: ['admin'], sub: 'someone' })
          .setProtectedHeader({ alg: 'ES256' })
          .setIssuer(api.signingKey.issuer)
          .setIssuedAt()
          .sign(api.signingKey.privateKey),
      /"exp"/,
    ],
  ])(
    '401 invalid_token for a token that is %s, on admin and public routes alike',
    async (_name, make, detail) => {
      const authorization = `Bearer ${await make()}`;
      for (const response of [
        await createCategory({ authorization }),
        await api.request('/products', { headers: { authorization } }),
      ]) {
        expect(response.status).toBe(401);
        expect(response.headers.get('www-authenticate')).toBe(
          'Bearer realm="slimshop", error="invalid_token"',
        );
        const problem = await json(response);
        expect(problem.detail).toMatch(detail);
        expect(JSON.stringify(problem)).not.toMatch(/JWS|JWT[A-Z]|jose/);
      }
    },
  );

  it('401 for an Authorization header that is not a bearer token', async () => {
    const response = await createCategory({ authorization: 'Basic YWRtaW46YWRtaW4=' });
    expect(response.status).toBe(401);
  });

  it('a token without a known role can read but not write', async () => {
    const authorization = `Bearer ${await signed({ roles: ['superuser'] })}`;
    expect((await api.request('/products', { headers: { authorization } })).status).toBe(200);
    expect((await createCategory({ authorization })).status).toBe(403);
  });
});
