import type pg from 'pg';
import type { CheckoutSettings, CheckoutSettingsQuery } from '../../app/ports/order-store.js';
import {
  DISCOUNT_CODE_COLUMNS,
  type DiscountCodeRow,
  SHIPPING_METHOD_COLUMNS,
  type ShippingMethodRow,
  TAX_RATES_COLUMNS,
  type TaxRatesRow,
  toDiscountCode,
  toShippingMethod,
  toTaxRates,
} from './checkout-settings-rows.js';

type Queryable = Pick<pg.PoolClient, 'query'>;

/**
 * The tax rates, shipping method and discount code an order or a quote needs, in one round trip: each as a
 * JSON row (or null), turned back into the column types the row mappers take (timestamps arrive as text).
 */
export async function readCheckoutSettings(
  db: Queryable,
  query: CheckoutSettingsQuery,
): Promise<CheckoutSettings> {
  const { rows } = await db.query<{
    tax_rates: Json<TaxRatesRow> | null;
    shipping_method: Json<ShippingMethodRow> | null;
    discount: Json<DiscountCodeRow> | null;
  }>(
    `SELECT
       (SELECT row_to_json(t) FROM (SELECT ${TAX_RATES_COLUMNS} FROM tax_rates WHERE country = $1) t) AS tax_rates,
       (SELECT row_to_json(s) FROM (SELECT ${SHIPPING_METHOD_COLUMNS} FROM shipping_methods WHERE id = $2) s)
         AS shipping_method,
       (SELECT row_to_json(d) FROM (SELECT ${DISCOUNT_CODE_COLUMNS} FROM discount_codes WHERE code = $3) d) AS discount`,
    [query.taxCountry, query.shippingMethodId ?? null, query.discountCode ?? null],
  );
  const row = rows[0];
  return {
    ...(row?.tax_rates ? { taxRates: toTaxRates(withDates(row.tax_rates)) } : {}),
    ...(row?.shipping_method ? { shippingMethod: toShippingMethod(withDates(row.shipping_method)) } : {}),
    ...(row?.discount ? { discount: toDiscountCode(withDates(row.discount)) } : {}),
  };
}

/** The discount code's row, locked until the transaction ends: redemptions are counted under this lock. */
export async function lockDiscountCode(db: Queryable, code: string) {
  const { rows } = await db.query<DiscountCodeRow>(
    `SELECT ${DISCOUNT_CODE_COLUMNS} FROM discount_codes WHERE code = $1 FOR UPDATE`,
    [code],
  );
  return rows[0] === undefined ? undefined : toDiscountCode(rows[0]);
}

/** A row as row_to_json writes it: timestamps as text, numbers as numbers. */
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
