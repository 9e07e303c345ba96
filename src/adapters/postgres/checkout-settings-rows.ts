import type { TaxClass } from '../../domain/catalog/tax-class.js';
import type { DiscountCode } from '../../domain/ordering/discount-code.js';
import type { ShippingMethod } from '../../domain/ordering/shipping-method.js';
import type { TaxRates } from '../../domain/ordering/tax-rates.js';

/*
 * The rows of migration 0002 and how they read as domain values: the admin store and the order transaction
 * select the same columns and map them with the same functions. node-postgres hands bigint and numeric over
 * as strings: amounts are at most Number.MAX_SAFE_INTEGER and rates have two decimals, so Number() gives
 * exactly the value that was written (for a rate, the same double JSON.parse makes of its text).
 */

export const SHIPPING_METHOD_COLUMNS =
  'id, name, countries, price_amount, currency, free_above_amount, tax_class, active, created_at, updated_at';

export interface ShippingMethodRow {
  id: string;
  name: string;
  countries: string[];
  price_amount: string;
  currency: string;
  free_above_amount: string | null;
  tax_class: TaxClass;
  active: boolean;
  created_at: Date;
  updated_at: Date;
}

export function toShippingMethod(row: ShippingMethodRow): ShippingMethod {
  return {
    id: row.id,
    name: row.name,
    countries: row.countries,
    price: { amount: Number(row.price_amount), currency: row.currency },
    ...(row.free_above_amount === null
      ? {}
      : { freeAbove: { amount: Number(row.free_above_amount), currency: row.currency } }),
    taxClass: row.tax_class,
    active: row.active,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export const TAX_RATES_COLUMNS = 'country, standard, reduced, zero, updated_at';

export interface TaxRatesRow {
  country: string;
  standard: string;
  reduced: string;
  zero: string;
  updated_at: Date;
}

export function toTaxRates(row: TaxRatesRow): TaxRates {
  return {
    country: row.country,
    standard: Number(row.standard),
    reduced: Number(row.reduced),
    zero: Number(row.zero),
    updatedAt: row.updated_at.toISOString(),
  };
}

export const DISCOUNT_CODE_COLUMNS =
  'code, type, percent_off, amount, currency, min_subtotal_amount, min_subtotal_currency, max_redemptions, redemptions, starts_at, ends_at, active, created_at, updated_at';

export interface DiscountCodeRow {
  code: string;
  type: 'percent' | 'fixed';
  percent_off: number | null;
  amount: string | null;
  currency: string | null;
  min_subtotal_amount: string | null;
  min_subtotal_currency: string | null;
  max_redemptions: number | null;
  redemptions: number;
  starts_at: Date | null;
  ends_at: Date | null;
  active: boolean;
  created_at: Date;
  updated_at: Date;
}

export function toDiscountCode(row: DiscountCodeRow): DiscountCode {
  return {
    code: row.code,
    type: row.type,
    // The table's CHECK guarantees the column of the type is set.
    value:
      row.type === 'percent'
        ? (row.percent_off as number)
        : { amount: Number(row.amount), currency: row.currency as string },
    ...(row.min_subtotal_amount === null
      ? {}
      : {
          minSubtotal: {
            amount: Number(row.min_subtotal_amount),
            currency: row.min_subtotal_currency as string,
          },
        }),
    ...(row.max_redemptions === null ? {} : { maxRedemptions: row.max_redemptions }),
    ...(row.starts_at === null ? {} : { startsAt: row.starts_at.toISOString() }),
    ...(row.ends_at === null ? {} : { endsAt: row.ends_at.toISOString() }),
    active: row.active,
    redemptions: row.redemptions,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
