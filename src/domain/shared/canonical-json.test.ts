import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.js';

const nested = (depth: number): unknown => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`);

describe('canonicalJson', () => {
  /** The recursive version canonicalJson replaces: its output must not change (fingerprints are stored). */
  const recursive = (value: unknown): string => {
    const sortKeys = (member: unknown): unknown => {
      if (Array.isArray(member)) return member.map(sortKeys);
      if (typeof member !== 'object' || member === null) return member;
      return Object.fromEntries(
        Object.entries(member)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([key, inner]) => [key, sortKeys(inner)]),
      );
    };
    return JSON.stringify(sortKeys(value));
  };

  it.each([
    ['scalars', [1, -0, 1.5e-7, 'x', true, null]],
    ['nested objects with keys out of order', { b: { d: 1, c: [3, { z: 1, a: 2 }] }, a: 'é\u2028"\\' }],
    ['members JSON leaves out', { a: undefined, b: () => 1, c: [undefined, () => 1], d: new Date(0) }],
    ['keys that are not identifiers', JSON.parse('{"__proto__":{"x":1},"constructor":2,"10":3,"2":4}')],
    ['empty containers', { a: {}, b: [], c: [[]] }],
    ['lone surrogates', { a: '\ud800' }],
  ])('writes %s exactly as the recursive version did (stored fingerprints stay valid)', (_, value) => {
    expect(canonicalJson(value)).toBe(recursive(value));
  });

  it('writes a value 100,000 levels deep without recursion', () => {
    expect(canonicalJson(nested(100_000))).toHaveLength(200_000);
  });
});
