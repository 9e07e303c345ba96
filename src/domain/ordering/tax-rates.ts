import type { TaxClass } from '../catalog/tax-class.js';
import * as z from '../shared/zod.js';

/** A rate in percent with at most two decimals (19, 7, 5.5, 8.25), 0 to 100. */
const percentSchema = z.number().check(
  z.minimum(0),
  z.maximum(100),
  // 8.25 * 100 is 824.9999999999999 in binary floating point: "two decimals" within a rounding error.
  z.refine((rate) => Math.abs(rate * 100 - Math.round(rate * 100)) < 1e-6, 'at most two decimals'),
);

/** PUT /tax-rates/{country}: one rate per tax class, all three required. */
export const taxRatesInputSchema = z.strictObject({
  standard: percentSchema,
  reduced: percentSchema,
  zero: percentSchema,
});
export type TaxRatesInput = z.infer<typeof taxRatesInputSchema>;

/** A country's VAT rates in percent, by tax class. */
export interface TaxRates extends TaxRatesInput {
  country: string;
  updatedAt: string;
}

/**
 * The rate of one class in hundredths of a percent (19 % → 1900): integer arithmetic from here on, so no
 * binary fraction ever reaches an amount of money.
 */
export function basisPoints(rates: TaxRatesInput, taxClass: TaxClass): number {
  return Math.round(rates[taxClass] * 100);
}
