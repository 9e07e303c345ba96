import { describe, expect, it } from 'vitest';
import type { JobServices } from './job-services.js';
import { shardFor } from './reoptimize-images.js';
import { parseShard, shardOf } from './shards.js';

describe('shards', () => {
  it('parses i/n only when 0 <= i < n', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    expect(['4/4', '1/0', '-1/2', '1', 'a/b', '1/2/3'].map(parseShard)).toEqual(Array(6).fill(undefined));
  });

  it('puts every id in exactly one shard, spread over all of them', () => {
    const ids = Array.from({ length: 2000 }, (_, i) => `product-${i}`);
    const sizes = [0, 0, 0, 0];
    for (const id of ids) sizes[shardOf(id, 4)] = (sizes[shardOf(id, 4)] ?? 0) + 1;
    expect(sizes.reduce((a, b) => a + b)).toBe(2000);
    for (const size of sizes) expect(size).toBeGreaterThan(400);
    // Fixed values: a shard's products must not move when the job runs on another machine or Node version.
    expect([shardOf('product-0', 4), shardOf('mug', 1000)]).toEqual([1, 504]);
  });

  it('--shard wins over the array job position, which wins over "everything"', () => {
    const services = { arrayShard: { index: 1, count: 3 } } as JobServices;
    expect(shardFor({ shard: '0/2' }, services)).toEqual({ index: 0, count: 2 });
    expect(shardFor({}, services)).toEqual({ index: 1, count: 3 });
    expect(shardFor({}, {} as JobServices)).toEqual({ index: 0, count: 1 });
  });
});
