import { describe, expect, it } from 'vitest';
import { formatCost, formatCount, formatUsd } from './candidate-math.js';

describe('money and counts as people read them', () => {
  it('writes dollars and cents with thousands separators', () => {
    expect(formatUsd(3296.666)).toBe('$3,296.67');
    expect(formatUsd(1_234_567.5)).toBe('$1,234,567.50');
    expect(formatUsd(999.994)).toBe('$999.99');
    expect(formatUsd(999.995)).toBe('$1,000.00');
    expect(formatUsd(0.004)).toBe('$0.00');
    expect(formatUsd(-12_345)).toBe('-$12,345.00');
  });

  it('writes an unknown cost as such, never as $0.00', () => {
    expect(formatCost(null)).toBe('cost unknown');
    expect(formatCost(0)).toBe('$0.00');
  });

  it('writes counts whole, with thousands separators', () => {
    expect(formatCount(54_200_234.4)).toBe('54,200,234');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(1000)).toBe('1,000');
    expect(formatCount(1e13)).toBe('10,000,000,000,000');
  });
});
