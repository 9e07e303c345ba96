// Who is signed in. This slice signs in with a short-lived admin token from a link (`npm start` prints one:
// /admin/#token=...); the token moves from the URL fragment into sessionStorage, and the fragment is cleared,
// so it is in no history entry, bookmark or Referer. The seam for AWS Cognito's hosted UI (authorization
// code with PKCE, a later slice) is `SignInMethod`: it too ends with a token in the same session.

const STORAGE_KEY = 'slimshop.admin.token';

export interface Session {
  token: string;
  subject: string;
  roles: string[];
  /** Seconds since the epoch, from the token's `exp`. */
  expiresAt: number | undefined;
}

export type SessionState =
  | { kind: 'signed-in'; session: Session }
  | { kind: 'signed-out'; reason?: string }
  | { kind: 'not-admin'; session: Session };

/** How a token gets here: today the local link; Cognito's hosted UI with PKCE plugs in beside it. */
export interface SignInMethod {
  /** A token handed over in the URL (the fragment), taken out of it; undefined when there is none. */
  takeTokenFromUrl(location: Location, history: History): string | undefined;
}

export const localTokenLink: SignInMethod = {
  takeTokenFromUrl(location, history) {
    const fragment = new URLSearchParams(location.hash.replace(/^#/, ''));
    const token = fragment.get('token');
    if (token === null) return undefined;
    // Replace, not push: the Back button never brings the token back.
    history.replaceState(null, '', `${location.pathname}${location.search}#/products`);
    return token;
  },
};

/** The claims of a JWT, unverified: the API verifies it; the console only decides what to show. */
export function readToken(token: string): Session | undefined {
  const payload = token.split('.')[1];
  if (payload === undefined) return undefined;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const claims = JSON.parse(json) as { sub?: unknown; roles?: unknown; exp?: unknown };
    const roles = Array.isArray(claims.roles) ? claims.roles.filter((r) => typeof r === 'string') : [];
    return {
      token,
      subject: typeof claims.sub === 'string' ? claims.sub : 'unknown',
      roles,
      expiresAt: typeof claims.exp === 'number' ? claims.exp : undefined,
    };
  } catch {
    return undefined;
  }
}

export function stateOf(token: string | null | undefined, now = Date.now()): SessionState {
  if (token === null || token === undefined) return { kind: 'signed-out' };
  const session = readToken(token);
  if (session === undefined) return { kind: 'signed-out', reason: 'That sign-in link is not valid.' };
  if (session.expiresAt !== undefined && session.expiresAt * 1000 <= now)
    return { kind: 'signed-out', reason: 'Your sign-in has expired: open a new sign-in link.' };
  if (!session.roles.includes('admin')) return { kind: 'not-admin', session };
  return { kind: 'signed-in', session };
}

/** Reads the link's token (if any) into sessionStorage, then the session from there. */
export function startSession(method: SignInMethod = localTokenLink): SessionState {
  const fromUrl = method.takeTokenFromUrl(window.location, window.history);
  if (fromUrl !== undefined) sessionStorage.setItem(STORAGE_KEY, fromUrl);
  return stateOf(sessionStorage.getItem(STORAGE_KEY));
}

export function signOut(): void {
  sessionStorage.removeItem(STORAGE_KEY);
}

export function currentToken(): string | undefined {
  return sessionStorage.getItem(STORAGE_KEY) ?? undefined;
}
