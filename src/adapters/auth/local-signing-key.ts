import { randomUUID } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type CryptoKey, exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';
import type { Role } from '../../app/ports/token-verifier.js';

export const LOCAL_ISSUER = 'slimshop-local';
const ALGORITHM = 'ES256';
const KEY_FILE = 'local-signing-key.jwk.json';

export interface LocalSigningKey {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  issuer: typeof LOCAL_ISSUER;
  kid: string;
}

/**
 * The local stand-in for an identity provider's key: an ES256 pair created at first use under
 * `<dataDir>/keys/` (directory 0700, file 0600), so `npm start` and `npm run token` started from the same
 * DATA_DIR agree on it. Creation is atomic (write a temp file, hard-link it into place), so two processes
 * starting together end up with one key.
 */
export async function loadOrCreateLocalSigningKey(dataDir: string): Promise<LocalSigningKey> {
  const dir = join(dataDir, 'keys');
  const file = join(dir, KEY_FILE);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const existing = await readKeyFile(file);
  if (existing) return fromJwk(existing);

  const { privateKey } = await generateKeyPair(ALGORITHM, { extractable: true });
  const jwk: JWK = { ...(await exportJWK(privateKey)), alg: ALGORITHM, kid: randomUUID() };
  const temp = join(dir, `.${KEY_FILE}.${process.pid}.${randomUUID()}`);
  await writeFile(temp, `${JSON.stringify(jwk)}\n`, { mode: 0o600, flag: 'wx' });
  try {
    await link(temp, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await unlink(temp);
  }
  // Whoever linked first won; everyone reads the winner's key.
  const stored = await readKeyFile(file);
  if (!stored) throw new Error(`Could not create the local signing key at ${file}`);
  return fromJwk(stored);
}

export interface LocalTokenClaims {
  sub: string;
  roles: Role[];
  /** The `email` claim, as an identity provider's ID token carries it. */
  email?: string;
  /** jose time span (`'1h'`, `'30m'`) or seconds. */
  expiresIn?: string | number;
}

export function signLocalToken(key: LocalSigningKey, claims: LocalTokenClaims): Promise<string> {
  const expiresIn = claims.expiresIn ?? '1h';
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ roles: claims.roles, ...(claims.email === undefined ? {} : { email: claims.email }) })
    .setProtectedHeader({ alg: ALGORITHM, kid: key.kid, typ: 'JWT' })
    .setIssuer(key.issuer)
    .setSubject(claims.sub)
    .setIssuedAt(now)
    .setExpirationTime(typeof expiresIn === 'number' ? now + expiresIn : expiresIn)
    .sign(key.privateKey);
}

async function readKeyFile(file: string): Promise<JWK | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    return JSON.parse(text) as JWK;
  } catch (error) {
    throw new Error(`The local signing key ${file} is corrupt: delete it to create a new one`, {
      cause: error,
    });
  }
}

async function fromJwk(jwk: JWK): Promise<LocalSigningKey> {
  const { d: _private, ...publicJwk } = jwk;
  const [privateKey, publicKey] = await Promise.all([
    importJWK(jwk, ALGORITHM) as Promise<CryptoKey>,
    importJWK(publicJwk, ALGORITHM) as Promise<CryptoKey>,
  ]);
  return { privateKey, publicKey, issuer: LOCAL_ISSUER, kid: jwk.kid ?? 'local' };
}
