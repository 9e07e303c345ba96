import { describe, expect, it } from 'vitest';
import { apiBaseUrl } from '../src/api';
import { parseRoute } from '../src/router';
import { localTokenLink, readToken, stateOf } from '../src/session';

const base64url = (text: string) => btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const jwt = (claims: Record<string, unknown>) => `e30.${base64url(JSON.stringify(claims))}.signature`;

describe('the console session', () => {
  const inAnHour = Math.floor(Date.now() / 1000) + 3600;

  it('is signed in with an admin token, and explains a customer token or an expired one', () => {
    expect(stateOf(jwt({ sub: 'ann', roles: ['admin'], exp: inAnHour })).kind).toBe('signed-in');
    expect(stateOf(jwt({ sub: 'bob', roles: ['customer'], exp: inAnHour })).kind).toBe('not-admin');
    expect(stateOf(jwt({ sub: 'ann', roles: ['admin'], exp: 1 }))).toMatchObject({
      kind: 'signed-out',
      reason: expect.stringContaining('expired'),
    });
    expect(stateOf('not a token')).toMatchObject({ kind: 'signed-out', reason: expect.any(String) });
    expect(stateOf(null)).toEqual({ kind: 'signed-out' });
  });

  it('reads the claims it shows (unverified: the API verifies)', () => {
    expect(readToken(jwt({ sub: 'ann', roles: ['admin', 7], exp: inAnHour }))).toMatchObject({
      subject: 'ann',
      roles: ['admin'],
      expiresAt: inAnHour,
    });
  });

  it('takes the token out of the fragment and replaces the history entry, so Back does not show it', () => {
    const replaced: string[] = [];
    const location = { hash: '#token=abc.def.ghi', pathname: '/admin/', search: '' } as Location;
    const history = {
      replaceState: (_: unknown, __: string, url: string) => {
        replaced.push(url);
      },
    } as unknown as History;
    expect(localTokenLink.takeTokenFromUrl(location, history)).toBe('abc.def.ghi');
    expect(replaced).toEqual(['/admin/#/products']);
    expect(localTokenLink.takeTokenFromUrl({ ...location, hash: '#/orders' }, history)).toBeUndefined();
  });
});

describe('routes and the API base', () => {
  it('maps fragments to pages', () => {
    expect(parseRoute('')).toEqual({ page: 'products' });
    expect(parseRoute('#/products/new')).toEqual({ page: 'new-product' });
    expect(parseRoute('#/products/a%2Fb')).toEqual({ page: 'product', id: 'a/b' });
    expect(parseRoute('#/orders/ord_1')).toEqual({ page: 'order', id: 'ord_1' });
    expect(parseRoute('#/categories')).toEqual({ page: 'categories' });
    expect(parseRoute('#/categories/cups')).toEqual({ page: 'category', id: 'cups' });
    expect(parseRoute('#/inventory')).toEqual({ page: 'inventory' });
    expect(parseRoute('#/checkout-settings')).toEqual({ page: 'checkout-settings' });
    expect(parseRoute('#/nowhere')).toEqual({ page: 'not-found', path: '/nowhere' });
  });

  it('finds the API one level above the page, under a path prefix too', () => {
    expect(apiBaseUrl('http://localhost:3000/admin/#/products')).toBe('http://localhost:3000');
    expect(apiBaseUrl('https://x.example/prod/admin/')).toBe('https://x.example/prod');
  });
});
