import { describe, expect, it, vi } from 'vitest';
import { type CognitoBrowser, cognitoSignIn, pkceChallenge } from '../src/cognito-sign-in';
import { loadConsoleConfig } from '../src/console-config';
import { completeSignIn, readToken } from '../src/session';

const settings = {
  cognitoDomain: 'shop-admin.auth.eu-west-1.amazoncognito.com',
  clientId: 'client123',
  redirectUri: 'https://d111.cloudfront.net/',
};

/** Where the session keeps the token (session.ts). */
const TOKEN_KEY = 'slimshop.admin.token';

const base64url = (text: string) => btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const jwt = (claims: Record<string, unknown>) => `e30.${base64url(JSON.stringify(claims))}.signature`;
const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;

/** sessionStorage as a Map. */
function memoryStorage() {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
}

/** A browser tab as the flow sees it: the address it is sent to, the calls it makes, the URL it ends on. */
function tab({ tokenResponse }: { tokenResponse?: Response } = {}) {
  const storage = memoryStorage();
  const navigated: string[] = [];
  const fetch = vi.fn(
    async (_url: string | URL | Request, _init?: RequestInit) =>
      tokenResponse ??
      Response.json({
        id_token: jwt({
          sub: 'u-1',
          email: 'ann@shop.example',
          'cognito:groups': ['admin'],
          exp: inAnHour(),
        }),
      }),
  );
  const env: CognitoBrowser = {
    storage,
    fetch: fetch as unknown as typeof globalThis.fetch,
    crypto: globalThis.crypto,
    navigate: (url) => void navigated.push(url),
    location: { hash: '#/orders' },
  };
  const replaced: string[] = [];
  const history = {
    replaceState: (_: unknown, __: string, url: string) => void replaced.push(url),
  } as unknown as History;
  /** The page Cognito sends the browser back to. */
  const returning = (search: string) => ({ search, pathname: '/', hash: '' }) as Location;
  return { storage, navigated, fetch, env, replaced, history, returning };
}

/** Signs in as far as the hosted UI: what the console stored and the authorize URL it went to. */
async function beginSignIn(t: ReturnType<typeof tab>) {
  const method = cognitoSignIn(settings, t.env);
  await method.begin?.();
  const authorize = new URL(t.navigated[0] as string);
  return { method, authorize, state: authorize.searchParams.get('state') as string };
}

describe('signing in through the hosted UI (authorization code with PKCE)', () => {
  it('makes the challenge base64url(SHA-256(verifier))', async () => {
    // SHA-256("abc") from FIPS 180-2's examples.
    const digest = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
    const bytes = digest.match(/../g)?.map((pair) => String.fromCharCode(Number.parseInt(pair, 16))) ?? [];
    expect(await pkceChallenge(globalThis.crypto, 'abc')).toBe(base64url(bytes.join('')));
  });

  it('sends the browser to /oauth2/authorize with an S256 challenge of a verifier kept in this tab only', async () => {
    const t = tab();
    const { authorize } = await beginSignIn(t);
    expect(`${authorize.origin}${authorize.pathname}`).toBe(
      'https://shop-admin.auth.eu-west-1.amazoncognito.com/oauth2/authorize',
    );
    expect(authorize.search).toContain('scope=openid+email+profile');
    const params = Object.fromEntries(authorize.searchParams);
    const pending = JSON.parse(t.storage.items.get('slimshop.admin.pkce') as string);
    expect(params).toEqual({
      response_type: 'code',
      client_id: 'client123',
      redirect_uri: 'https://d111.cloudfront.net/',
      scope: 'openid email profile',
      code_challenge: await pkceChallenge(globalThis.crypto, pending.verifier),
      code_challenge_method: 'S256',
      state: pending.state,
    });
    // RFC 7636: 43 to 128 unreserved characters; the verifier itself never leaves the tab before the exchange.
    expect(pending.verifier).toMatch(/^[A-Za-z0-9\-._~]{43,128}$/);
    expect(t.navigated[0]).not.toContain(pending.verifier);
    expect(pending.state).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // A second sign-in draws new secrets.
    await cognitoSignIn(settings, t.env).begin?.();
    expect(JSON.parse(t.storage.items.get('slimshop.admin.pkce') as string).verifier).not.toBe(
      pending.verifier,
    );
  });

  it('exchanges the code with exactly the form Cognito expects, and keeps the ID token in the session', async () => {
    const t = tab();
    const { method, state } = await beginSignIn(t);
    const { verifier } = JSON.parse(t.storage.items.get('slimshop.admin.pkce') as string);
    const session = await completeSignIn(method, {
      location: t.returning(`?code=the-code&state=${state}`),
      history: t.history,
      storage: t.storage,
    });

    expect(t.fetch).toHaveBeenCalledTimes(1);
    const [url, init] = t.fetch.mock.calls[0] as [string, RequestInit];
    expect(url).toBe('https://shop-admin.auth.eu-west-1.amazoncognito.com/oauth2/token');
    expect(init.method).toBe('POST');
    expect(init.headers).toEqual({ 'content-type': 'application/x-www-form-urlencoded' });
    expect(Object.fromEntries(new URLSearchParams(String(init.body)))).toEqual({
      grant_type: 'authorization_code',
      client_id: 'client123',
      code: 'the-code',
      redirect_uri: 'https://d111.cloudfront.net/',
      code_verifier: verifier,
    });
    expect(session).toMatchObject({
      kind: 'signed-in',
      session: { subject: 'ann@shop.example', roles: ['admin'] },
    });
    expect(readToken(t.storage.items.get(TOKEN_KEY) as string)?.roles).toEqual(['admin']);
    // The verifier and state are for one use.
    expect(t.storage.items.has('slimshop.admin.pkce')).toBe(false);
  });

  it('takes the code out of the address bar, back to the page the sign-in started from', async () => {
    const t = tab();
    const { method, state } = await beginSignIn(t);
    await completeSignIn(method, {
      location: t.returning(`?code=the-code&state=${state}`),
      history: t.history,
      storage: t.storage,
    });
    expect(t.replaced).toEqual(['/#/orders']);
  });

  it('refuses a code whose state this tab did not send, without exchanging it', async () => {
    const t = tab();
    const { method } = await beginSignIn(t);
    const session = await completeSignIn(method, {
      location: t.returning('?code=the-code&state=someone-elses'),
      history: t.history,
      storage: t.storage,
    });
    expect(session).toEqual({
      kind: 'signed-out',
      reason: 'That sign-in did not start in this tab: sign in again.',
    });
    expect(t.fetch).not.toHaveBeenCalled();
    expect(t.replaced).toEqual(['/#/orders']);
    expect(t.storage.items.has(TOKEN_KEY)).toBe(false);

    // Nor one that arrives in a tab that started no sign-in at all.
    const fresh = tab();
    const refused = await completeSignIn(cognitoSignIn(settings, fresh.env), {
      location: fresh.returning('?code=the-code&state=anything'),
      history: fresh.history,
      storage: fresh.storage,
    });
    expect(refused.kind).toBe('signed-out');
    expect(fresh.fetch).not.toHaveBeenCalled();
  });

  it('says why when Cognito refuses the code, and shows a customer that the console needs the admin role', async () => {
    const refusing = tab({ tokenResponse: Response.json({ error: 'invalid_grant' }, { status: 400 }) });
    const first = await beginSignIn(refusing);
    expect(
      await completeSignIn(first.method, {
        location: refusing.returning(`?code=old&state=${first.state}`),
        history: refusing.history,
        storage: refusing.storage,
      }),
    ).toEqual({ kind: 'signed-out', reason: 'Cognito refused the sign-in (400): sign in again.' });

    const customer = tab({
      tokenResponse: Response.json({
        id_token: jwt({ sub: 'u-2', 'cognito:groups': ['customer'], exp: inAnHour() }),
      }),
    });
    const second = await beginSignIn(customer);
    const session = await completeSignIn(second.method, {
      location: customer.returning(`?code=c&state=${second.state}`),
      history: customer.history,
      storage: customer.storage,
    });
    expect(session.kind).toBe('not-admin');
  });

  it('leaves a page without a code alone', async () => {
    const t = tab();
    const method = cognitoSignIn(settings, t.env);
    expect(await method.takeTokenFromUrl(t.returning(''), t.history)).toBeUndefined();
    expect(t.replaced).toEqual([]);
  });

  it('signs out of the hosted UI too, back to the console', () => {
    const t = tab();
    cognitoSignIn(settings, t.env).end?.();
    const logout = new URL(t.navigated[0] as string);
    expect(`${logout.origin}${logout.pathname}`).toBe(
      'https://shop-admin.auth.eu-west-1.amazoncognito.com/logout',
    );
    expect(Object.fromEntries(logout.searchParams)).toEqual({
      client_id: 'client123',
      logout_uri: 'https://d111.cloudfront.net/',
    });
  });
});

describe('roles from a Cognito ID token', () => {
  it('reads cognito:groups as the API does, a list or a single group, beside roles', () => {
    expect(readToken(jwt({ sub: 'u', 'cognito:groups': ['customer', 'admin'] }))?.roles).toEqual([
      'customer',
      'admin',
    ]);
    expect(readToken(jwt({ sub: 'u', 'cognito:groups': 'admin' }))?.roles).toEqual(['admin']);
    expect(readToken(jwt({ sub: 'u', 'cognito:groups': 'customer, admin' }))?.roles).toEqual([
      'customer',
      'admin',
    ]);
    expect(readToken(jwt({ sub: 'u', roles: ['admin'] }))?.roles).toEqual(['admin']);
    expect(readToken(jwt({ sub: 'u' }))?.roles).toEqual([]);
  });
});

describe('config.json', () => {
  it('names the hosted UI and the API on AWS; the local server has none', async () => {
    const config = await loadConsoleConfig(async () =>
      Response.json({ ...settings, apiBaseUrl: 'https://abc.execute-api.eu-west-1.amazonaws.com/' }),
    );
    expect(config).toEqual({ ...settings, apiBaseUrl: 'https://abc.execute-api.eu-west-1.amazonaws.com' });
    expect(await loadConsoleConfig(async () => new Response('{}', { status: 404 }))).toBeUndefined();
    expect(await loadConsoleConfig(async () => Response.json({ apiBaseUrl: 'https://x' }))).toBeUndefined();
    expect(
      await loadConsoleConfig(async () => {
        throw new TypeError('offline');
      }),
    ).toBeUndefined();
  });
});
