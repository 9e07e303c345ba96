import type pg from 'pg';
import {
  type CheckoutSettingsStore,
  type KeyPageQuery,
  MAX_SHIPPING_METHODS,
} from '../../app/ports/checkout-settings-store.js';
import { TAX_CLASSES } from '../../domain/catalog/tax-class.js';
import type { DiscountCodeInput } from '../../domain/ordering/discount-code.js';
import type { ShippingMethodInput } from '../../domain/ordering/shipping-method.js';
import { basisPoints, type TaxRatesInput } from '../../domain/ordering/tax-rates.js';
import { ConflictError, ValidationError } from '../../domain/shared/errors.js';
import type { Page } from '../../domain/shared/page.js';
import { decodeCursor, pageFrom } from '../shared/list-cursor.js';
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
import { sqlState, translatingErrors } from './errors.js';
import { withTransaction } from './transaction.js';

// Any constant bigint (not the migrations' one): puts of shipping methods take it, so two new methods
// cannot both pass the count below MAX_SHIPPING_METHODS.
const SHIPPING_METHODS_LOCK_KEY = 7_219_304_118;

/** `(xmax = 0)`: a row that an upsert inserted, not one it updated (an updated row carries our xid). */
type Upserted<R> = R & { created: boolean };

/** Shipping methods, tax rates and discount codes in PostgreSQL (migration 0002). */
export function createPostgresCheckoutSettingsStore(pool: pg.Pool): CheckoutSettingsStore {
  return {
    putShippingMethod: (id, input, at) =>
      translatingErrors(() => withTransaction(pool, (client) => putShippingMethod(client, id, input, at))),

    getShippingMethod: (id) =>
      translatingErrors(async () => {
        const { rows } = await pool.query<ShippingMethodRow>(
          `SELECT ${SHIPPING_METHOD_COLUMNS} FROM shipping_methods WHERE id = $1`,
          [id],
        );
        return rows[0] === undefined ? undefined : toShippingMethod(rows[0]);
      }),

    deleteShippingMethod: (id) => deleteRow(pool, 'DELETE FROM shipping_methods WHERE id = $1', id),

    listShippingMethods: ({ country, activeOnly }) =>
      translatingErrors(async () => {
        const conditions: string[] = [];
        const values: unknown[] = [];
        if (country !== undefined) {
          values.push(country);
          conditions.push(`countries @> ARRAY[$${values.length}::text]`); // the GIN index
        }
        if (activeOnly) conditions.push('active');
        values.push(MAX_SHIPPING_METHODS);
        const { rows } = await pool.query<ShippingMethodRow>(
          `SELECT ${SHIPPING_METHOD_COLUMNS} FROM shipping_methods
           ${conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''}
           ORDER BY id LIMIT $${values.length}`,
          values,
        );
        return rows.map(toShippingMethod);
      }),

    putTaxRates: (country, rates, at) =>
      translatingErrors(async () => {
        const { rows } = await pool.query<TaxRatesRow>(
          `INSERT INTO tax_rates (country, standard, reduced, zero, updated_at) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (country) DO UPDATE SET standard = EXCLUDED.standard, reduced = EXCLUDED.reduced,
             zero = EXCLUDED.zero, updated_at = EXCLUDED.updated_at
           RETURNING ${TAX_RATES_COLUMNS}`,
          [country, ...TAX_CLASSES.map((taxClass) => exactPercent(rates, taxClass)), at],
        );
        return toTaxRates(returned(rows));
      }),

    getTaxRates: (country) =>
      translatingErrors(async () => {
        const { rows } = await pool.query<TaxRatesRow>(
          `SELECT ${TAX_RATES_COLUMNS} FROM tax_rates WHERE country = $1`,
          [country],
        );
        return rows[0] === undefined ? undefined : toTaxRates(rows[0]);
      }),

    deleteTaxRates: (country) => deleteRow(pool, 'DELETE FROM tax_rates WHERE country = $1', country),

    listTaxRates: (query) =>
      listByKey(pool, query, {
        table: 'tax_rates',
        columns: TAX_RATES_COLUMNS,
        key: 'country',
        keyPattern: /^[A-Z]{2}$/,
        map: (row: TaxRatesRow) => ({ key: row.country, item: toTaxRates(row) }),
      }),

    putDiscountCode: (code, input, at) => translatingErrors(() => putDiscountCode(pool, code, input, at)),

    getDiscountCode: (code) =>
      translatingErrors(async () => {
        const { rows } = await pool.query<DiscountCodeRow>(
          `SELECT ${DISCOUNT_CODE_COLUMNS} FROM discount_codes WHERE code = $1`,
          [code],
        );
        return rows[0] === undefined ? undefined : toDiscountCode(rows[0]);
      }),

    deleteDiscountCode: (code) => deleteRow(pool, 'DELETE FROM discount_codes WHERE code = $1', code),

    listDiscountCodes: (query) =>
      listByKey(pool, query, {
        table: 'discount_codes',
        columns: DISCOUNT_CODE_COLUMNS,
        key: 'code',
        keyPattern: /^[A-Z0-9_-]{1,64}$/,
        map: (row: DiscountCodeRow) => ({ key: row.code, item: toDiscountCode(row) }),
      }),
  };
}

async function putShippingMethod(client: pg.PoolClient, id: string, input: ShippingMethodInput, at: Date) {
  await client.query('SELECT pg_advisory_xact_lock($1)', [SHIPPING_METHODS_LOCK_KEY]);
  const { rows: counted } = await client.query<{ methods: number; present: boolean }>(
    `SELECT count(*)::int AS methods, bool_or(id = $1) IS TRUE AS present FROM shipping_methods`,
    [id],
  );
  const { methods, present } = returned(counted);
  if (!present && methods >= MAX_SHIPPING_METHODS) {
    throw new ConflictError(
      `There are ${MAX_SHIPPING_METHODS} shipping methods already, the most a shop may have: delete one first.`,
    );
  }
  const { rows } = await client.query<Upserted<ShippingMethodRow>>(
    `INSERT INTO shipping_methods
       (id, name, countries, price_amount, currency, free_above_amount, tax_class, active, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)
     ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, countries = EXCLUDED.countries,
       price_amount = EXCLUDED.price_amount, currency = EXCLUDED.currency,
       free_above_amount = EXCLUDED.free_above_amount, tax_class = EXCLUDED.tax_class,
       active = EXCLUDED.active, updated_at = EXCLUDED.updated_at
     RETURNING ${SHIPPING_METHOD_COLUMNS}, (xmax = 0) AS created`,
    [
      id,
      input.name,
      input.countries,
      input.price.amount,
      input.price.currency,
      input.freeAbove?.amount ?? null,
      input.taxClass,
      input.active,
      at,
    ],
  );
  const row = returned(rows);
  return { method: toShippingMethod(row), created: row.created };
}

/**
 * One upsert that leaves `redemptions` alone. A maximum below the redemptions counted so far breaks the
 * table's CHECK on the row as written: no check-then-write, so no redemption counted meanwhile can slip
 * between the two.
 */
async function putDiscountCode(pool: pg.Pool, code: string, input: DiscountCodeInput, at: Date) {
  const fixed = input.type === 'fixed' ? input.value : undefined;
  const upsert = pool.query<Upserted<DiscountCodeRow>>(
    `INSERT INTO discount_codes
       (code, type, percent_off, amount, currency, min_subtotal_amount, min_subtotal_currency, max_redemptions,
        starts_at, ends_at, active, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)
     ON CONFLICT (code) DO UPDATE SET type = EXCLUDED.type, percent_off = EXCLUDED.percent_off,
       amount = EXCLUDED.amount, currency = EXCLUDED.currency,
       min_subtotal_amount = EXCLUDED.min_subtotal_amount, min_subtotal_currency = EXCLUDED.min_subtotal_currency,
       max_redemptions = EXCLUDED.max_redemptions, starts_at = EXCLUDED.starts_at, ends_at = EXCLUDED.ends_at,
       active = EXCLUDED.active, updated_at = EXCLUDED.updated_at
     RETURNING ${DISCOUNT_CODE_COLUMNS}, (xmax = 0) AS created`,
    [
      code,
      input.type,
      input.type === 'percent' ? input.value : null,
      fixed?.amount ?? null,
      fixed?.currency ?? null,
      input.minSubtotal?.amount ?? null,
      input.minSubtotal?.currency ?? null,
      input.maxRedemptions ?? null,
      input.startsAt ?? null,
      input.endsAt ?? null,
      input.active,
      at,
    ],
  );
  try {
    const row = returned((await upsert).rows);
    return { discountCode: toDiscountCode(row), created: row.created };
  } catch (error) {
    if (sqlState(error) !== '23514' || constraintOf(error) !== 'discount_codes_redemptions_within_max')
      throw error;
    // For the message only: the count as it is now.
    const { rows } = await pool.query<{ redemptions: number }>(
      'SELECT redemptions FROM discount_codes WHERE code = $1',
      [code],
    );
    throw maxBelowRedemptions(rows[0]?.redemptions);
  }
}

function maxBelowRedemptions(redemptions: number | undefined): ConflictError {
  return new ConflictError('The code has been redeemed more often than the new maxRedemptions allows.', [
    {
      path: 'maxRedemptions',
      message:
        redemptions === undefined
          ? 'is below the redemptions counted so far'
          : `must be at least ${redemptions}, the redemptions counted so far`,
    },
  ]);
}

/** A rate as the exact decimal the numeric(5,2) column holds: 8.25 -> "8.25", never 8.2499999. */
function exactPercent(rates: TaxRatesInput, taxClass: (typeof TAX_CLASSES)[number]): string {
  return (basisPoints(rates, taxClass) / 100).toFixed(2);
}

function deleteRow(pool: pg.Pool, sql: string, key: string): Promise<boolean> {
  return translatingErrors(async () => {
    try {
      return ((await pool.query(sql, [key])).rowCount ?? 0) > 0;
    } catch (error) {
      // A row that orders refer to (a foreign key of a later migration) stays: deactivate it instead.
      if (sqlState(error) === '23503') {
        throw new ConflictError('Orders refer to it: set it inactive instead of deleting it.');
      }
      throw error;
    }
  });
}

interface KeyList<R, T> {
  table: string;
  columns: string;
  key: string;
  /** What a key of this list looks like: anything else in a cursor did not come from it. */
  keyPattern: RegExp;
  map(row: R): { key: string; item: T };
}

/**
 * A page in primary-key order: the key is the cursor, the table's name its fingerprint (a cursor of one of
 * these lists is refused by the other), and the primary key's index serves every page with one range scan.
 */
function listByKey<R extends pg.QueryResultRow, T>(
  pool: pg.Pool,
  query: KeyPageQuery,
  list: KeyList<R, T>,
): Promise<Page<T>> {
  return translatingErrors(async () => {
    const after = decodeCursor(query.cursor, list.table);
    if (after !== undefined && !list.keyPattern.test(after)) {
      throw new ValidationError('The cursor is not valid for this query.', [
        { path: 'cursor', message: 'is not a cursor returned by this list' },
      ]);
    }
    const values: unknown[] = after === undefined ? [] : [after];
    values.push(query.limit + 1);
    const { rows } = await pool.query<R>(
      `SELECT ${list.columns} FROM ${list.table} ${after === undefined ? '' : `WHERE ${list.key} > $1`}
       ORDER BY ${list.key} LIMIT $${values.length}`,
      values,
    );
    return pageFrom(rows.map(list.map), query.limit, list.table);
  });
}

function returned<R>(rows: R[]): R {
  if (rows[0] === undefined) throw new Error('the statement returned no row');
  return rows[0];
}

function constraintOf(error: unknown): unknown {
  return (error as { constraint?: unknown } | null)?.constraint;
}
