import type pg from 'pg';
import type { CheckoutSettings, CheckoutSettingsQuery } from '../../app/ports/order-store.js';
import {
  type DiscountCodeRow,
  type ShippingMethodRow,
  type TaxRatesRow,
  toDiscountCode,
  toShippingMethod,
  toTaxRates,
} from './checkout-settings-rows.js';

type Queryable = Pick<pg.Pool, 'query'>;

/**
 * The settings as read, with the database's own text of them: an order is priced with `settings` and
 * `text` goes back to `place_order`, which confirms under its locks that they are still the settings.
 */
export interface SettingsRead {
  text: string;
  settings: CheckoutSettings;
}

/**
 * The tax rates, shipping method and discount code an order or a quote needs, in one round trip through
 * the database function `checkout_settings` (each member a JSON row or null), turned back into the column
 * types the row mappers take (timestamps arrive as text).
 */
export async function readCheckoutSettings(
  db: Queryable,
  query: CheckoutSettingsQuery,
): Promise<SettingsRead> {
  const { rows } = await db.query<{ settings: string }>(
    'SELECT checkout_settings($1, $2, $3)::text AS settings',
    [query.taxCountry, query.shippingMethodId ?? null, query.discountCode ?? null],
  );
  const text = rows[0]?.settings ?? '{}';
  const row = JSON.parse(text) as {
    tax_rates: Json<TaxRatesRow> | null;
    shipping_method: Json<ShippingMethodRow> | null;
    discount: Json<DiscountCodeRow> | null;
  };
  return {
    text,
    settings: {
      ...(row.tax_rates ? { taxRates: toTaxRates(withDates(row.tax_rates)) } : {}),
      ...(row.shipping_method ? { shippingMethod: toShippingMethod(withDates(row.shipping_method)) } : {}),
      ...(row.discount ? { discount: toDiscountCode(withDates(row.discount)) } : {}),
    },
  };
}

/** A row as JSON writes it: timestamps as text, numbers as numbers. */
type Json<Row> = {
  [K in keyof Row]: Row[K] extends Date ? string : Row[K] extends Date | null ? string | null : Row[K];
};

const DATE_COLUMNS = new Set(['created_at', 'updated_at', 'starts_at', 'ends_at']);

function withDates<Row>(json: Json<Row>): Row {
  const row: Record<string, unknown> = { ...json };
  for (const [column, value] of Object.entries(row)) {
    if (DATE_COLUMNS.has(column) && typeof value === 'string') row[column] = new Date(value);
  }
  return row as Row;
}
