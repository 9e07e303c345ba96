// Signing in through Cognito's hosted UI with the authorization-code flow and PKCE (RFC 7636), as the console
// does on AWS (config.json names the hosted UI). The console is a public client: no secret can live in a
// browser, so the code is bound to this tab by a one-time verifier only this tab knows. The verifier and the
// state live in sessionStorage, nowhere else, and are used once. WebCrypto only: no library.

import { SignInError, type SignInMethod } from './session';

/** What config.json tells the console about the hosted UI (infra/lib/constructs/admin-console.ts writes it). */
export interface CognitoSettings {
  /** The hosted UI's host name: `<prefix>.auth.<region>.amazoncognito.com`. */
  cognitoDomain: string;
  clientId: string;
  /** The console's own address, registered as the app client's callback and logout URL. */
  redirectUri: string;
}

/** What the flow touches in the browser, passed in so tests can stand in for each. */
export interface CognitoBrowser {
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  fetch: typeof fetch;
  crypto: Pick<Crypto, 'getRandomValues' | 'subtle'>;
  /** Leaves the page for another address (the hosted UI). */
  navigate(url: string): void;
  location: Pick<Location, 'hash'>;
}

const PENDING_KEY = 'slimshop.admin.pkce';
const SCOPES = 'openid email profile';

/** What one sign-in started in this tab remembers until Cognito sends the browser back. */
interface Pending {
  verifier: string;
  state: string;
  /** The console route to show after signing in (the redirect URI has no fragment). */
  returnTo: string;
}

/** base64url without padding (RFC 4648 §5), as PKCE and JWTs use it. */
export function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A random URL-safe string: 32 bytes give 43 characters, PKCE's shortest verifier, and 256 bits. */
export function randomToken(crypto: CognitoBrowser['crypto'], bytes = 32): string {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** PKCE's S256 challenge: base64url(SHA-256(verifier)). */
export async function pkceChallenge(crypto: CognitoBrowser['crypto'], verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

function readPending(storage: CognitoBrowser['storage']): Pending | undefined {
  const raw = storage.getItem(PENDING_KEY);
  if (raw === null) return undefined;
  try {
    const value = JSON.parse(raw) as Partial<Pending>;
    if (typeof value.verifier === 'string' && typeof value.state === 'string')
      return { verifier: value.verifier, state: value.state, returnTo: value.returnTo ?? '#/products' };
  } catch {
    // A damaged entry is no pending sign-in.
  }
  return undefined;
}

const browser = (): CognitoBrowser => ({
  storage: sessionStorage,
  fetch: (input, init) => fetch(input, init),
  crypto,
  navigate: (url) => window.location.assign(url),
  location: window.location,
});

/**
 * The hosted UI as a `SignInMethod`: `begin` sends the browser there; on the way back `takeTokenFromUrl`
 * checks the state, exchanges the code for tokens and hands over the ID token (it carries `cognito:groups`,
 * which the API reads as roles). `end` signs out of the hosted UI too, so the next sign-in asks again.
 *
 * @example
 *   const method = cognitoSignIn({ cognitoDomain: 'shop.auth.eu-west-1.amazoncognito.com', clientId, redirectUri });
 *   await method.begin?.(); // the "Sign in" button
 */
export function cognitoSignIn(settings: CognitoSettings, env: CognitoBrowser = browser()): SignInMethod {
  const base = `https://${settings.cognitoDomain}`;
  return {
    async begin() {
      const pending: Pending = {
        verifier: randomToken(env.crypto, 48),
        state: randomToken(env.crypto),
        returnTo: env.location.hash || '#/products',
      };
      env.storage.setItem(PENDING_KEY, JSON.stringify(pending));
      const query = new URLSearchParams({
        response_type: 'code',
        client_id: settings.clientId,
        redirect_uri: settings.redirectUri,
        scope: SCOPES,
        code_challenge: await pkceChallenge(env.crypto, pending.verifier),
        code_challenge_method: 'S256',
        state: pending.state,
      });
      env.navigate(`${base}/oauth2/authorize?${query}`);
    },

    async takeTokenFromUrl(location, history) {
      const query = new URLSearchParams(location.search);
      const code = query.get('code');
      const error = query.get('error');
      if (code === null && error === null) return undefined;
      const pending = readPending(env.storage);
      // One use: whatever happens next, neither the code nor the verifier is tried again.
      env.storage.removeItem(PENDING_KEY);
      history.replaceState(null, '', `${location.pathname}${pending?.returnTo ?? '#/products'}`);
      if (error !== null)
        throw new SignInError(`Cognito did not sign you in: ${query.get('error_description') ?? error}.`);
      if (code === null || pending === undefined || query.get('state') !== pending.state)
        throw new SignInError('That sign-in did not start in this tab: sign in again.');
      const response = await env
        .fetch(`${base}/oauth2/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            grant_type: 'authorization_code',
            client_id: settings.clientId,
            code,
            redirect_uri: settings.redirectUri,
            code_verifier: pending.verifier,
          }),
        })
        .catch(() => {
          throw new SignInError('Cognito could not be reached to finish signing in: sign in again.');
        });
      const tokens = (await response.json().catch(() => ({}))) as { id_token?: unknown };
      if (!response.ok || typeof tokens.id_token !== 'string')
        throw new SignInError(`Cognito refused the sign-in (${response.status}): sign in again.`);
      return tokens.id_token;
    },

    end() {
      const query = new URLSearchParams({ client_id: settings.clientId, logout_uri: settings.redirectUri });
      env.navigate(`${base}/logout?${query}`);
    },
  };
}
