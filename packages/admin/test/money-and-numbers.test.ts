import { describe, expect, it } from 'vitest';
import { currencyDigits, majorUnits, minorUnits, money } from '../src/ui/format';
import { percentOf, wholeNumber } from '../src/ui/number-input';

describe('amounts typed in major units', () => {
  it('become minor units of the currency', () => {
    expect(minorUnits('14.50', 'EUR')).toBe(1450);
    expect(minorUnits('14.5', 'EUR')).toBe(1450);
    expect(minorUnits(' 4 ', 'EUR')).toBe(400);
    expect(minorUnits('0.07', 'EUR')).toBe(7);
    expect(minorUnits('1,234.50', 'USD')).toBe(123450);
    expect(minorUnits('500', 'JPY')).toBe(500);
    expect(minorUnits('1.250', 'KWD')).toBe(1250);
  });

  it('are refused with a message for the field when they are not an amount of that currency', () => {
    expect(minorUnits('', 'EUR')).toBe('enter an amount');
    expect(minorUnits('twelve', 'EUR')).toMatch(/enter an amount such as 14.50/);
    expect(minorUnits('-3', 'EUR')).toMatch(/without a sign/);
    expect(minorUnits('14,50', 'EUR')).toMatch(/enter an amount/);
    expect(minorUnits('1.999', 'EUR')).toBe('at most 2 digits after the point');
    expect(minorUnits('5.5', 'JPY')).toMatch(/JPY has no minor unit/);
    expect(minorUnits('99999999999999999', 'EUR')).toBe('that amount is too large');
  });

  it('round-trip through the text an edit form shows', () => {
    expect(majorUnits(1450, 'EUR')).toBe('14.50');
    expect(majorUnits(5, 'EUR')).toBe('0.05');
    expect(majorUnits(500, 'JPY')).toBe('500');
    for (const amount of [0, 1, 99, 490, 123456])
      expect(minorUnits(majorUnits(amount, 'EUR'), 'EUR')).toBe(amount);
  });

  it('show as money with the currency’s own digits', () => {
    expect(currencyDigits('EUR')).toBe(2);
    expect(currencyDigits('JPY')).toBe(0);
    expect(money({ amount: 1450, currency: 'EUR' })).toBe('€14.50');
    expect(money({ amount: 500, currency: 'JPY' })).toBe('¥500');
  });
});

describe('numbers typed into text inputs', () => {
  it('are whole numbers within bounds, or a message', () => {
    expect(wholeNumber('40', { min: 0, max: 100 })).toBe(40);
    expect(wholeNumber('-3', { min: -100, max: 100 })).toBe(-3);
    expect(wholeNumber('+5', { min: -100, max: 100 })).toBe(5);
    expect(wholeNumber('2.5', { min: 0, max: 100 })).toBe('enter a whole number');
    expect(wholeNumber('', { min: 0, max: 100 })).toBe('enter a whole number');
    expect(wholeNumber('-1', { min: 0, max: 100 })).toBe('enter a number from 0 to 100');
  });

  it('read percentages with or without the sign', () => {
    expect(percentOf('19')).toBe(19);
    expect(percentOf('5.5 %')).toBe(5.5);
    expect(percentOf('five')).toMatch(/percentage/);
  });
});
