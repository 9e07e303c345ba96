import { describe, expect, it } from 'vitest';
import { ForbiddenError } from '../../domain/shared/errors.js';
import { createSignedJobFileLinks } from './signed-job-file-links.js';

const origin = 'http://localhost:3000';
const tokenOf = (url: string) => url.slice(url.lastIndexOf('/') + 1);

describe('signed job file links', () => {
  let now = Date.parse('2026-12-07T10:00:00Z');
  const clock = { now: () => new Date(now) };

  it('carries what it allows, until it expires 15 minutes later', async () => {
    const links = createSignedJobFileLinks({ clock });
    const upload = await links.upload('uploads/a/x.csv', { size: 10, contentType: 'text/csv' }, origin);
    expect(upload).toMatchObject({
      method: 'PUT',
      headers: { 'content-type': 'text/csv' },
      expiresAt: '2026-12-07T10:15:00.000Z',
    });
    expect(upload.url.startsWith(`${origin}/jobs/uploads/`)).toBe(true);
    expect(links.verify(tokenOf(upload.url), 'put')).toMatchObject({
      location: 'uploads/a/x.csv',
      size: 10,
      contentType: 'text/csv',
    });
    now += 15 * 60_000;
    expect(() => links.verify(tokenOf(upload.url), 'put')).toThrow(/expired at 2026-12-07T10:15:00/);
    now -= 15 * 60_000;
  });

  it('refuses a token changed in any part, signed by another process, or for the other action', async () => {
    const links = createSignedJobFileLinks({ clock });
    const { url } = await links.download('exports/c.csv', 'c.csv', origin);
    const token = tokenOf(url);
    const [payload, signature] = token.split('.') as [string, string];
    const claim = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const widened = Buffer.from(JSON.stringify({ ...claim, location: 'secrets.csv' })).toString('base64url');
    for (const forged of [
      `${widened}.${signature}`,
      `${payload}.${signature.slice(0, -2)}AA`,
      `${payload}.`,
      payload,
      `${token}.x`,
      'not a token at all',
      'x'.repeat(5000),
    ]) {
      expect(() => links.verify(forged, 'get')).toThrow(ForbiddenError);
    }
    expect(() => createSignedJobFileLinks({ clock }).verify(token, 'get')).toThrow(/not valid here/);
    expect(() => links.verify(token, 'put')).toThrow(/for a GET, not a PUT/);
    expect(links.verify(token, 'get')).toMatchObject({ location: 'exports/c.csv', fileName: 'c.csv' });
  });
});
