import { describe, expect, it } from 'vitest';
import type { DiscountCode, ShippingMethod } from '../src/api';
import {
  type DiscountForm,
  discountCodeBody,
  EMPTY_DISCOUNT_FORM,
  formOfDiscountCode,
} from '../src/pages/discount-code-form';
import {
  EMPTY_SHIPPING_FORM,
  formOfShippingMethod,
  shippingMethodBody,
} from '../src/pages/shipping-method-form';
import { isoOfLocalInput, localInputOf } from '../src/ui/date-input';
import { InvalidFields } from '../src/ui/use-action';

/** The field paths an InvalidFields names, or [] when the body was built. */
const refusedPaths = (build: () => unknown): string[] => {
  try {
    build();
    return [];
  } catch (error) {
    if (!(error instanceof InvalidFields)) throw error;
    return error.errors.map((e) => e.path);
  }
};

describe('the shipping method form', () => {
  const filled = { ...EMPTY_SHIPPING_FORM, id: 'post', name: ' Post ', countries: 'de, at;fr', price: '4.9' };

  it('sends minor units, upper-case countries and free shipping in the price’s currency', () => {
    expect(shippingMethodBody({ ...filled, freeAbove: '50' })).toEqual({
      name: 'Post',
      countries: ['DE', 'AT', 'FR'],
      price: { amount: 490, currency: 'EUR' },
      freeAbove: { amount: 5000, currency: 'EUR' },
      taxClass: 'standard',
      active: true,
    });
    expect(shippingMethodBody(filled)).not.toHaveProperty('freeAbove');
  });

  it('names each field it cannot send before asking the API', () => {
    expect(
      refusedPaths(() => shippingMethodBody({ ...filled, id: ' ', price: '4,90', freeAbove: 'x' })),
    ).toEqual(['path.id', 'price.amount', 'freeAbove.amount']);
  });

  it('shows a saved method as the text it was typed as', () => {
    const method: ShippingMethod = {
      id: 'express',
      name: 'Express',
      countries: ['DE', 'AT'],
      price: { amount: 990, currency: 'EUR' },
      freeAbove: { amount: 10000, currency: 'EUR' },
      taxClass: 'standard',
      active: false,
      createdAt: '2026-12-01T00:00:00.000Z',
      updatedAt: '2026-12-01T00:00:00.000Z',
    };
    const form = formOfShippingMethod(method);
    expect(form).toMatchObject({ countries: 'DE, AT', price: '9.90', freeAbove: '100.00', active: false });
    expect(shippingMethodBody(form)).toMatchObject({ price: method.price, freeAbove: method.freeAbove });
  });
});

describe('the discount code form', () => {
  const percent: DiscountForm = { ...EMPTY_DISCOUNT_FORM, code: 'welcome10', value: '10' };

  it('sends a whole percent, or an amount in minor units with the currency', () => {
    expect(discountCodeBody(percent)).toEqual({ type: 'percent', value: 10, active: true });
    expect(
      discountCodeBody({ ...percent, type: 'fixed', value: '5', minSubtotal: '20', maxRedemptions: '100' }),
    ).toEqual({
      type: 'fixed',
      value: { amount: 500, currency: 'EUR' },
      minSubtotal: { amount: 2000, currency: 'EUR' },
      maxRedemptions: 100,
      active: true,
    });
  });

  it('sends the validity window as UTC date-times of the local times typed', () => {
    const body = discountCodeBody({ ...percent, startsAt: '2027-01-01T00:00', endsAt: '2027-02-01T12:30' });
    expect(body.startsAt).toBe(new Date('2027-01-01T00:00').toISOString());
    expect(body.endsAt).toBe(new Date('2027-02-01T12:30').toISOString());
  });

  it('names each field it cannot send before asking the API', () => {
    expect(
      refusedPaths(() => discountCodeBody({ ...percent, code: '', value: '7.5', maxRedemptions: 'lots' })),
    ).toEqual(['path.code', 'value', 'maxRedemptions']);
    expect(refusedPaths(() => discountCodeBody({ ...percent, type: 'fixed', value: '5.555' }))).toEqual([
      'value',
    ]);
  });

  it('shows a saved code as the text it was typed as', () => {
    const code: DiscountCode = {
      code: 'SPRING',
      type: 'fixed',
      value: { amount: 750, currency: 'EUR' },
      minSubtotal: { amount: 3000, currency: 'EUR' },
      startsAt: '2027-03-01T09:00:00.000Z',
      active: true,
      redemptions: 3,
      createdAt: '2026-12-01T00:00:00.000Z',
      updatedAt: '2026-12-01T00:00:00.000Z',
    };
    const form = formOfDiscountCode(code);
    expect(form).toMatchObject({ value: '7.50', minSubtotal: '30.00', maxRedemptions: '', endsAt: '' });
    expect(discountCodeBody(form)).toEqual({
      type: 'fixed',
      value: code.value,
      minSubtotal: code.minSubtotal,
      startsAt: code.startsAt,
      active: true,
    });
  });
});

describe('date-time inputs', () => {
  it('convert between the input’s local time and the API’s UTC, and leave an empty input out', () => {
    const iso = '2027-03-01T09:00:00.000Z';
    expect(isoOfLocalInput(localInputOf(iso))).toBe(iso);
    expect(localInputOf(undefined)).toBe('');
    expect(isoOfLocalInput('  ')).toBeUndefined();
    expect(isoOfLocalInput('not a date')).toEqual({ message: 'enter a date and time' });
  });
});
