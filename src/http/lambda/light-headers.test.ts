import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LightHeaders } from './light-headers.js';

// Node's Headers is the reference: whatever a sequence of calls does to it, it must do to ours.
type Op = ['append' | 'set' | 'delete', string, string];
const names = fc.constantFrom(
  'Content-Type',
  'content-type',
  'ETag',
  'Set-Cookie',
  'set-cookie',
  'Cookie',
  'Vary',
  'x-a',
);
const values = fc.stringMatching(/^[ \t]?[\x21-\x7e][\x20-\x7e]{0,8}[ \t]?$/);
const ops = fc.array(fc.tuple(fc.constantFrom('append', 'set', 'delete'), names, values), { maxLength: 25 });

function apply(headers: Headers | LightHeaders, sequence: Op[]): void {
  for (const [op, name, value] of sequence) {
    if (op === 'delete') headers.delete(name);
    else headers[op](name, value);
  }
}

function observe(headers: Headers | LightHeaders) {
  const forEach: string[][] = [];
  headers.forEach((value, name) => {
    forEach.push([name, value]);
  });
  return {
    entries: [...headers],
    keys: [...headers.keys()],
    values: [...headers.values()],
    forEach,
    cookies: headers.getSetCookie(),
    get: ['content-type', 'SET-COOKIE', 'cookie', 'vary', 'x-a', 'absent'].map((name) => headers.get(name)),
    has: ['ETag', 'set-cookie', 'absent'].map((name) => headers.has(name)),
  };
}

describe('LightHeaders', () => {
  it('answers every read like Node Headers after any sequence of append, set and delete', () => {
    fc.assert(
      fc.property(ops, (sequence) => {
        const native = new Headers();
        const light = new LightHeaders();
        apply(native, sequence as Op[]);
        apply(light, sequence as Op[]);
        expect(observe(light)).toEqual(observe(native));
      }),
      { numRuns: 300 },
    );
  });

  it('builds from a record, an array of pairs, Node Headers and itself as Node does', () => {
    const pairs: [string, string][] = [
      ['Set-Cookie', 'a=1'],
      ['set-cookie', 'b=2'],
      ['Accept', 'text/html'],
      ['accept', 'application/json'],
    ];
    const record = { 'Content-Type': 'application/json', ETag: '"3"' };
    const fromNative = new Headers(pairs);

    expect(observe(new LightHeaders(pairs))).toEqual(observe(new Headers(pairs)));
    expect(observe(new LightHeaders(record))).toEqual(observe(new Headers(record)));
    expect(observe(new LightHeaders(fromNative as unknown as [string, string][]))).toEqual(
      observe(fromNative),
    );
    const light = new LightHeaders(pairs);
    const copy = new LightHeaders(light);
    copy.delete('accept');
    expect(light.get('accept')).toBe('text/html, application/json'); // a copy, not a view
    // Node's Headers takes ours too (jose hands the Headers it built to Node's fetch).
    expect(observe(new Headers(light as unknown as Headers))).toEqual(observe(light));
  });

  it('refuses invalid names, values and inits with a TypeError, as Node does', () => {
    for (const [name, value] of [
      ['bad name', 'x'],
      ['', 'x'],
      ['x-ok', 'line\r\nbreak'],
      ['x-ok', 'nul\0'],
      ['x-ok', 'caf\u00e9 \u20ac'],
    ] as const) {
      expect(() => new Headers().set(name, value)).toThrow(TypeError);
      expect(() => new LightHeaders().set(name, value)).toThrow(TypeError);
    }
    expect(() => new LightHeaders([['only-a-name']])).toThrow(TypeError);
    expect(() => new LightHeaders('x: y' as never)).toThrow(TypeError);
  });
});
