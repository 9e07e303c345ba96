import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createJwtVerifier } from './jwt-verifier.js';
import { LOCAL_ISSUER, loadOrCreateLocalSigningKey, signLocalToken } from './local-signing-key.js';

describe('local signing key', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'slimshop-key-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('creates the key under <dataDir>/keys readable by the owner only', async () => {
    const key = await loadOrCreateLocalSigningKey(dataDir);
    expect(key.issuer).toBe(LOCAL_ISSUER);
    const files = await readdir(join(dataDir, 'keys'));
    expect(files).toHaveLength(1);
    expect((await stat(join(dataDir, 'keys', files[0] as string))).mode & 0o777).toBe(0o600);
    expect((await stat(join(dataDir, 'keys'))).mode & 0o777).toBe(0o700);
  });

  it('a token signed by one process is accepted by another started from the same directory', async () => {
    const signer = await loadOrCreateLocalSigningKey(dataDir);
    const server = await loadOrCreateLocalSigningKey(dataDir);
    const token = await signLocalToken(signer, { sub: 'alice', roles: ['admin'] });
    const verifier = createJwtVerifier({ localPublicKey: server.publicKey, issuer: LOCAL_ISSUER });
    expect(await verifier.verify(token)).toEqual({ sub: 'alice', roles: ['admin'] });
  });

  it('concurrent first uses agree on one key', async () => {
    const keys = await Promise.all(Array.from({ length: 5 }, () => loadOrCreateLocalSigningKey(dataDir)));
    expect(new Set(keys.map((key) => key.kid)).size).toBe(1);
    expect(await readdir(join(dataDir, 'keys'))).toHaveLength(1);
  });

  it('honours expiresIn in seconds', async () => {
    const key = await loadOrCreateLocalSigningKey(dataDir);
    const token = await signLocalToken(key, { sub: 'bob', roles: ['customer'], expiresIn: 60 });
    const payload = JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString());
    expect(payload.exp - payload.iat).toBe(60);
    expect(payload).toMatchObject({ iss: LOCAL_ISSUER, sub: 'bob', roles: ['customer'] });
  });
});
