import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createJwtVerifier } from '../adapters/auth/jwt-verifier.js';
import { LOCAL_ISSUER, loadOrCreateLocalSigningKey } from '../adapters/auth/local-signing-key.js';
import { asksForHelp, createLocalToken, parseTokenArgs, UsageError } from './token-cli.js';

describe('parseTokenArgs', () => {
  it('takes roles (repeated or comma-separated), a subject and an expiry', () => {
    expect(
      parseTokenArgs(['--role', 'admin', '--role', 'customer', '--sub', 'alice', '--expires', '30m']),
    ).toEqual({
      roles: ['admin', 'customer'],
      sub: 'alice',
      email: 'alice@example.com',
      expiresIn: '30m',
    });
    expect(parseTokenArgs(['--role', 'customer', '--email', 'a.b@shop.test']).email).toBe('a.b@shop.test');
    expect(parseTokenArgs(['--role', 'admin,customer']).roles).toEqual(['admin', 'customer']);
  });

  it('defaults to a subject named after the role and one hour; bare seconds are seconds', () => {
    expect(parseTokenArgs(['--role', 'customer'])).toEqual({
      roles: ['customer'],
      sub: 'local-customer',
      email: 'local-customer@example.com',
      expiresIn: '1h',
    });
    expect(parseTokenArgs(['--role', 'admin', '--expires', '90']).expiresIn).toBe('90s');
  });

  it.each([
    [[], /--role is required/],
    [['--role', 'root'], /unknown role root/],
    [['--role', 'admin', '--expires', 'soon'], /not a duration/],
    [['--role', 'admin', '--expires', '7d'], /longer than the 86400 seconds the API accepts/],
    [['--role', 'admin', '--expires', '1441m'], /longer than the 86400 seconds/],
    [['--role', 'admin', '--email', 'not-an-address'], /--email not-an-address is not an email address$/],
    [['--role', 'admin', '--sub', 'a b'], /is not an email address: give one with --email/],
    [['--role', 'admin', '--bogus'], /^Unknown option '--bogus' \(see --help\)$/],
    [['--role'], /^Option '--role <value>' argument missing \(see --help\)$/],
  ])('rejects %j with a usage message', (argv, message) => {
    expect(() => parseTokenArgs(argv)).toThrow(UsageError);
    expect(() => parseTokenArgs(argv)).toThrow(message);
  });
});

describe('asksForHelp', () => {
  it('answers --help and -h wherever they stand, even beside options that are wrong', () => {
    expect(asksForHelp(['--help'])).toBe(true);
    expect(asksForHelp(['--role', 'root', '-h'])).toBe(true);
    expect(asksForHelp(['--bogus', '--help'])).toBe(true);
    expect(asksForHelp(['--role', 'admin'])).toBe(false);
    // After `--` nothing is an option.
    expect(asksForHelp(['--role', 'admin', '--', '--help'])).toBe(false);
  });
});

describe('parseTokenArgs and the maximum lifetime', () => {
  it('allows up to the maximum, a day by default or the one given', () => {
    expect(parseTokenArgs(['--role', 'admin', '--expires', '24h']).expiresIn).toBe('24h');
    expect(parseTokenArgs(['--role', 'admin', '--expires', '1d']).expiresIn).toBe('1d');
    expect(() => parseTokenArgs(['--role', 'admin', '--expires', '2h'], 3600)).toThrow(/longer than/);
  });
});

describe('createLocalToken', () => {
  const dirs: string[] = [];
  afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

  it('signs with the key under the data directory, which the local verifier trusts', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'slimshop-token-'));
    dirs.push(dataDir);

    const request = { roles: ['admin' as const], sub: 'alice', email: 'alice@shop.test', expiresIn: '5m' };
    const token = await createLocalToken(dataDir, request);

    const { publicKey } = await loadOrCreateLocalSigningKey(dataDir);
    const verifier = createJwtVerifier({ localPublicKey: publicKey, issuer: LOCAL_ISSUER });
    expect(await verifier.verify(token)).toEqual({
      sub: 'alice',
      roles: ['admin'],
      email: 'alice@shop.test',
    });
  });

  it('with the defaults and the longest --expires allowed, signs tokens the verifier accepts', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'slimshop-token-'));
    dirs.push(dataDir);
    const { publicKey } = await loadOrCreateLocalSigningKey(dataDir);
    const verifier = createJwtVerifier({ localPublicKey: publicKey, issuer: LOCAL_ISSUER });
    for (const argv of [
      ['--role', 'customer'],
      ['--role', 'admin', '--expires', '24h'],
    ]) {
      const token = await createLocalToken(dataDir, parseTokenArgs(argv));
      expect((await verifier.verify(token)).roles).toEqual([argv[1]]);
    }
  });
});
