import { describe, expect, it } from 'vitest';
import {
  assertJsonBody,
  assertJsonDepth,
  MAX_JSON_DEPTH,
  nestsDeeperThan,
  protoMemberPaths,
} from './json-body.js';

const nested = (depth: number): unknown => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`);

describe('nestsDeeperThan', () => {
  it('counts objects and arrays as levels, scalars as none', () => {
    expect(nestsDeeperThan(1, 0)).toBe(false);
    expect(nestsDeeperThan({}, 0)).toBe(true);
    expect(nestsDeeperThan({ a: [{ b: 1 }] }, 3)).toBe(false);
    expect(nestsDeeperThan({ a: [{ b: 1 }] }, 2)).toBe(true);
  });

  it('measures a body a million levels deep without overflowing the stack', () => {
    expect(nestsDeeperThan(nested(1_000_000), MAX_JSON_DEPTH)).toBe(true);
  });

  it('assertJsonDepth refuses past the bound with a 400 on body', () => {
    expect(() => assertJsonDepth(nested(MAX_JSON_DEPTH))).not.toThrow();
    expect(() => assertJsonDepth(nested(MAX_JSON_DEPTH + 1))).toThrow(
      expect.objectContaining({ kind: 'validation', errors: [expect.objectContaining({ path: 'body' })] }),
    );
  });
});

describe('protoMemberPaths', () => {
  it('names every member called __proto__, however deep, and nothing else', () => {
    const body = JSON.parse(
      '{"__proto__":{},"attributes":{"__proto__":1,"constructor":2},"items":[{"__proto__":null}],"x":"__proto__"}',
    );
    expect(protoMemberPaths(body)).toEqual(['__proto__', 'attributes.__proto__', 'items.0.__proto__']);
    expect(protoMemberPaths({ constructor: { prototype: 1 } })).toEqual([]);
  });

  it('assertJsonBody refuses them as unknown fields', () => {
    expect(() => assertJsonBody(JSON.parse('{"price":{"__proto__":{"amount":1}}}'))).toThrow(
      expect.objectContaining({ errors: [{ path: 'price.__proto__', message: 'is not a known field' }] }),
    );
  });
});
