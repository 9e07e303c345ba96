import { type Money, moneySchema } from '../catalog/money.js';
import { type TaxClass, taxClassSchema } from '../catalog/tax-class.js';
import { storableText } from '../shared/storable-text.js';
import * as z from '../shared/zod.js';
import { countrySchema } from './address.js';

export const MAX_SHIPPING_COUNTRIES = 250;

/** PUT /shipping-methods/{id}: the whole method (a replace, not a patch). */
export const shippingMethodInputSchema = z
  .strictObject({
    name: storableText(z.trim(), z.minLength(1), z.maxLength(200)),
    countries: z.array(countrySchema).check(
      z.minLength(1),
      z.maxLength(MAX_SHIPPING_COUNTRIES),
      z.refine((countries) => new Set(countries).size === countries.length, 'each country only once'),
    ),
    price: moneySchema,
    freeAbove: z.optional(moneySchema),
    taxClass: z._default(taxClassSchema, 'standard'),
    active: z.boolean(),
  })
  .check(
    z.refine(
      (method) => method.freeAbove === undefined || method.freeAbove.currency === method.price.currency,
      {
        message: 'must be in the currency of price',
        path: ['freeAbove', 'currency'],
      },
    ),
  );
export type ShippingMethodInput = z.infer<typeof shippingMethodInputSchema>;

export interface ShippingMethod {
  id: string;
  name: string;
  countries: string[];
  price: Money;
  /** The lines' subtotal (before discounts) from which shipping is free; absent: never free. */
  freeAbove?: Money;
  taxClass: TaxClass;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

/** What shipping costs for an order whose lines come to `subtotal` (same currency as the method). */
export function shippingPrice(method: ShippingMethod, subtotal: Money): Money {
  const free = method.freeAbove !== undefined && subtotal.amount >= method.freeAbove.amount;
  return { amount: free ? 0 : method.price.amount, currency: method.price.currency };
}
