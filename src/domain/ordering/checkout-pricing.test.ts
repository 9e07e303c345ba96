import { describe, expect, it } from 'vitest';
import { UnprocessableError } from '../shared/errors.js';
import {
  type CheckoutTerms,
  discountProblem,
  divideHalfUp,
  type LineToPrice,
  priceCheckout,
  splitInProportion,
} from './checkout-pricing.js';
import type { DiscountCode } from './discount-code.js';
import type { ShippingMethod } from './shipping-method.js';

const eur = (amount: number) => ({ amount, currency: 'EUR' });
const coffee: LineToPrice = {
  productId: 'cof',
  sku: 'COF',
  name: 'Coffee',
  quantity: 2,
  unitPrice: eur(895),
  taxClass: 'reduced',
};
const mug: LineToPrice = {
  ...coffee,
  productId: 'mug',
  sku: 'MUG',
  name: 'Mug',
  quantity: 1,
  unitPrice: eur(1450),
  taxClass: 'standard',
};
const standard: ShippingMethod = {
  id: 'standard',
  name: 'Standard',
  countries: ['DE'],
  price: eur(490),
  freeAbove: eur(5000),
  taxClass: 'standard',
  active: true,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};
const welcome10: DiscountCode = {
  code: 'WELCOME10',
  type: 'percent',
  value: 10,
  active: true,
  redemptions: 0,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};
const germany = { standard: 19, reduced: 7, zero: 0 };
const gross: CheckoutTerms = { pricesIncludeTax: true, taxRates: germany, shippingMethod: standard };

describe('priceCheckout (numbers computed by hand)', () => {
  it('takes the tax out of gross prices per line and of shipping, at each line’s class', () => {
    const price = priceCheckout([coffee, mug], gross);
    // coffee 1790 × 7/107 = 117.10 → 117; mug 1450 × 19/119 = 231.51 → 232; shipping 490 × 19/119 = 78.24 → 78
    expect(price.items.map((line) => [line.lineTotal.amount, line.taxRate, line.taxAmount.amount])).toEqual([
      [1790, 7, 117],
      [1450, 19, 232],
    ]);
    expect(price.shipping).toMatchObject({
      methodId: 'standard',
      amount: eur(490),
      taxRate: 19,
      taxAmount: eur(78),
    });
    expect([price.subtotal, price.discountTotal, price.shippingTotal, price.taxTotal, price.total]).toEqual([
      eur(3240),
      eur(0),
      eur(490),
      eur(427),
      eur(3730),
    ]);
  });

  it('adds the tax on top of net prices, rounding each half up', () => {
    const price = priceCheckout([coffee, mug], { ...gross, pricesIncludeTax: false });
    // coffee 1790 × 7 % = 125.3 → 125; mug 1450 × 19 % = 275.5 → 276; shipping 490 × 19 % = 93.1 → 93
    expect(price.items.map((line) => line.taxAmount.amount)).toEqual([125, 276]);
    expect(price.taxTotal).toEqual(eur(494));
    expect(price.total).toEqual(eur(3240 + 490 + 494));
  });

  it('takes a percent discount off the lines only, split in proportion, and taxes what is left', () => {
    const price = priceCheckout([coffee, mug], { ...gross, discount: welcome10 });
    // 10 % of 3240 = 324: coffee 179, mug 145; tax 1611 × 7/107 = 105.39 → 105, 1305 × 19/119 = 208.36 → 208
    expect(price.items.map((line) => [line.discountAmount.amount, line.taxAmount.amount])).toEqual([
      [179, 105],
      [145, 208],
    ]);
    expect(price.discount).toEqual({ code: 'WELCOME10', amount: eur(324) });
    expect(price.shippingTotal).toEqual(eur(490));
    expect(price.taxTotal).toEqual(eur(105 + 208 + 78));
    expect(price.total).toEqual(eur(3240 - 324 + 490));
  });

  it('ships free once the subtotal reaches freeAbove (before the discount), and never goes below zero', () => {
    const big = { ...mug, quantity: 4 }; // 5800
    expect(priceCheckout([big], gross).shippingTotal).toEqual(eur(0));
    expect(priceCheckout([{ ...mug, unitPrice: eur(4999) }], gross).shippingTotal).toEqual(eur(490));
    const everything = { ...welcome10, type: 'fixed' as const, value: eur(100_000) };
    const price = priceCheckout([coffee], { ...gross, discount: everything });
    expect(price.discountTotal).toEqual(eur(1790));
    expect(price.items[0]?.taxAmount).toEqual(eur(0));
    expect(price.total).toEqual(eur(490));
  });

  it('refuses a shipping method priced in another currency, naming shippingMethodId', () => {
    const dollars = { ...standard, price: { amount: 500, currency: 'USD' } };
    expect(() => priceCheckout([coffee], { ...gross, shippingMethod: dollars })).toThrow(UnprocessableError);
  });
});

describe('discountProblem', () => {
  const now = new Date('2026-06-01T00:00:00Z');
  it.each([
    [{ active: false }, /not active/],
    [{ startsAt: '2026-07-01T00:00:00Z' }, /not valid yet/],
    [{ endsAt: '2026-06-01T00:00:00Z' }, /expired/],
    [{ maxRedemptions: 5, redemptions: 5 }, /used up/],
    [{ minSubtotal: eur(5000) }, /at least 5000/],
    [{ type: 'fixed' as const, value: { amount: 5, currency: 'USD' } }, /worth USD/],
  ])('%j → %s', (change, message) => {
    expect(discountProblem({ ...welcome10, ...change }, eur(3240), now)).toMatch(message);
  });
  it('accepts a code within its window, limits and minimum', () => {
    const code = {
      ...welcome10,
      maxRedemptions: 5,
      redemptions: 4,
      minSubtotal: eur(3240),
      endsAt: '2026-06-02T00:00:00Z',
    };
    expect(discountProblem(code, eur(3240), now)).toBeUndefined();
  });
});

describe('integer helpers', () => {
  it('splits to the unit, the leftovers to the largest remainders, earlier lines first on ties', () => {
    expect(splitInProportion(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(splitInProportion(10, [1, 2, 7])).toEqual([1, 2, 7]);
    expect(splitInProportion(5, [3, 0, 3])).toEqual([3, 0, 2]);
    expect(splitInProportion(0, [3, 4])).toEqual([0, 0]);
  });
  it('rounds halves up and stays exact past 2^53', () => {
    expect(divideHalfUp(5, 1, 2)).toBe(3);
    expect(divideHalfUp(4, 1, 3)).toBe(1);
    expect(divideHalfUp(Number.MAX_SAFE_INTEGER, 1900, 11_900)).toBe(1_438_124_250_756_965); // checked with arbitrary-precision integers
  });
});
