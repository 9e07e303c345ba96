// Who is signed in. Locally with a short-lived admin token from a link (`npm start` prints one:
// /admin/#token=...); the token moves from the URL fragment into sessionStorage, and the fragment is cleared,
// so it is in no history entry, bookmark or Referer. On AWS through Cognito's hosted UI (authorization code
// with PKCE, cognito-sign-in.ts). Both are a `SignInMethod` and end the same way: a token in this tab's session.

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

/** Why a sign-in handed back in the URL was refused, in words for the signed-out page. */
export class SignInError extends Error {
  override name = 'SignInError';
}

/**
 * How a token gets here: the local link (`localTokenLink`) or Cognito's hosted UI (`cognitoSignIn`).
 *
 * @example
 *   // main.tsx picks one, finishes a sign-in the URL carries, then renders:
 *   const initial = await completeSignIn(localTokenLink);
 *   render(<App signIn={localTokenLink} initial={initial} />, root);
 */
export interface SignInMethod {
  /**
   * A token handed over in the URL, taken out of it (the address bar keeps no trace); undefined when there is
   * none. Throws a SignInError saying why one was refused.
   */
  takeTokenFromUrl(location: Location, history: History): string | undefined | Promise<string | undefined>;
  /** Starts signing in (the signed-out page's button); absent where a link is the way in. */
  begin?(): Promise<void>;
  /** Ends the session where it came from too, after the console forgot the token. */
  end?(): void;
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
    const claims = JSON.parse(json) as Record<string, unknown>;
    // As the API reads them: `roles` (local tokens) and Cognito's `cognito:groups`, a list or a string of
    // names separated by spaces or commas.
    const roles = [claims.roles, claims['cognito:groups']]
      .flatMap((claim) =>
        typeof claim === 'string' ? claim.split(/[\s,]+/) : Array.isArray(claim) ? claim : [],
      )
      .filter((role): role is string => typeof role === 'string' && role !== '');
    // A Cognito subject is a UUID: the e-mail address is what a person recognises.
    const subject = [claims.email, claims.sub].find((value) => typeof value === 'string');
    return {
      token,
      subject: typeof subject === 'string' ? subject : 'unknown',
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

/**
 * Takes a token the URL hands over (if any) into sessionStorage, then reads the session from there. A refused
 * sign-in is a signed-out state saying why.
 */
export async function completeSignIn(
  method: SignInMethod,
  browser: { location: Location; history: History; storage: Pick<Storage, 'getItem' | 'setItem'> } = {
    location: window.location,
    history: window.history,
    storage: sessionStorage,
  },
): Promise<SessionState> {
  try {
    const fromUrl = await method.takeTokenFromUrl(browser.location, browser.history);
    if (fromUrl !== undefined) browser.storage.setItem(STORAGE_KEY, fromUrl);
  } catch (error) {
    if (!(error instanceof SignInError)) throw error;
    return { kind: 'signed-out', reason: error.message };
  }
  return stateOf(browser.storage.getItem(STORAGE_KEY));
}

export function signOut(): void {
  sessionStorage.removeItem(STORAGE_KEY);
}

export function currentToken(): string | undefined {
  return sessionStorage.getItem(STORAGE_KEY) ?? undefined;
}
