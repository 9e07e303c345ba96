import type { ShippingMethod, ShippingMethodInput, TaxClass } from '../api';
import { majorUnits, minorUnits } from '../ui/format';
import { InvalidFields } from '../ui/use-action';

// The shipping method form's text fields and the API's ShippingMethod both ways.

export interface ShippingForm {
  id: string;
  name: string;
  countries: string;
  price: string;
  currency: string;
  freeAbove: string;
  taxClass: TaxClass;
  active: boolean;
}

export const EMPTY_SHIPPING_FORM: ShippingForm = {
  id: '',
  name: '',
  countries: '',
  price: '',
  currency: 'EUR',
  freeAbove: '',
  taxClass: 'standard',
  active: true,
};

export const formOfShippingMethod = (m: ShippingMethod): ShippingForm => ({
  id: m.id,
  name: m.name,
  countries: m.countries.join(', '),
  price: majorUnits(m.price.amount, m.price.currency),
  currency: m.price.currency,
  freeAbove: m.freeAbove === undefined ? '' : majorUnits(m.freeAbove.amount, m.freeAbove.currency),
  taxClass: m.taxClass,
  active: m.active,
});

/** The PUT body of the form, or InvalidFields for what can be told before sending (amounts, no id). */
export function shippingMethodBody(form: ShippingForm): ShippingMethodInput {
  const currency = form.currency.trim().toUpperCase();
  const price = minorUnits(form.price, currency);
  const freeAbove = form.freeAbove.trim() === '' ? undefined : minorUnits(form.freeAbove, currency);
  const problems = [
    ...(form.id.trim() === ''
      ? [{ path: 'path.id', message: 'give the method an id, such as "standard"' }]
      : []),
    ...(typeof price === 'string' ? [{ path: 'price.amount', message: price }] : []),
    ...(typeof freeAbove === 'string' ? [{ path: 'freeAbove.amount', message: freeAbove }] : []),
  ];
  if (problems.length > 0 || typeof price === 'string' || typeof freeAbove === 'string')
    throw new InvalidFields(problems);
  return {
    name: form.name.trim(),
    countries: form.countries
      .split(/[\s,;]+/)
      .filter(Boolean)
      .map((c) => c.toUpperCase()),
    price: { amount: price, currency },
    ...(freeAbove === undefined ? {} : { freeAbove: { amount: freeAbove, currency } }),
    taxClass: form.taxClass,
    active: form.active,
  };
}
