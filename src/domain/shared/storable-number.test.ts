import { describe, expect, it } from 'vitest';
import { isStorableNumber } from './storable-number.js';

describe('isStorableNumber', () => {
  it.each([
    0,
    -0,
    1,
    -1,
    0.1,
    1e-130,
    -1e-130,
    Number.MAX_SAFE_INTEGER,
    -Number.MAX_SAFE_INTEGER,
    1e15 + 0.5,
  ])('keeps %d', (value) => expect(isStorableNumber(value)).toBe(true));

  it.each([2 ** 53, -(2 ** 53), 1e126, 1e300, 1e-131, -1e-200, Number.MIN_VALUE])('refuses %d', (value) =>
    expect(isStorableNumber(value)).toBe(false),
  );
});
