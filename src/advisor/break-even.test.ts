import { describe, expect, it } from 'vitest';
import { findCrossing } from './break-even.js';

describe('findCrossing', () => {
  it('finds where a difference changes sign, within the tolerance, on a log scale', () => {
    const crossing = findCrossing((x) => x - 12_345, 1, 1e12);
    expect(crossing).toBeGreaterThanOrEqual(12_345);
    expect(crossing).toBeLessThan(12_345 * 1.0001);
  });
  it('returns null when the curves do not cross in the range, or one side is undefined', () => {
    expect(findCrossing((x) => x + 1, 1, 1e12)).toBeNull();
    expect(findCrossing(() => Number.NaN, 1, 1e12)).toBeNull();
  });
});
