import { describe, expect, it } from 'vitest';
import { BloomFilter } from './bloom-filter.js';

describe('BloomFilter', () => {
  it('never forgets a value it was given', () => {
    const filter = new BloomFilter(16);
    const values = Array.from({ length: 5_000 }, (_, i) => `sku:SKU-${i}`);
    for (const value of values) filter.add(value);
    expect(values.every((value) => filter.mightHave(value))).toBe(true);
  });

  it('answers "maybe" for few values it never held, at the rate its size promises', () => {
    // 2^20 bits for 100,000 values (10.5 bits each, 7 hashes): about 0.8 % in theory.
    const filter = new BloomFilter(20);
    for (let i = 0; i < 100_000; i++) filter.add(`id:p-${i}`);
    let maybes = 0;
    for (let i = 0; i < 100_000; i++) if (filter.mightHave(`id:q-${i}`)) maybes++;
    expect(maybes / 100_000).toBeLessThan(0.02);
  });

  it('keeps the rate docs/jobs.md gives for a million rows: 2 keys a row in 2^24 bits, ~2 %', () => {
    // The same 8.4 bits per key, scaled down: 2^20 bits for 125,000 keys.
    const filter = new BloomFilter(20);
    for (let i = 0; i < 125_000; i++) filter.add(`sku:S-${i}`);
    let maybes = 0;
    for (let i = 0; i < 100_000; i++) if (filter.mightHave(`sku:T-${i}`)) maybes++;
    expect(maybes / 100_000).toBeLessThan(0.025);
  });

  it('starts empty', () => {
    const filter = new BloomFilter(10);
    expect(filter.mightHave('')).toBe(false);
    expect(filter.mightHave('id:a')).toBe(false);
  });
});
