import type pg from 'pg';
import type { SalesGrouping, SalesReportRow } from '../../app/ports/order-store.js';

// Both groupings read the orders in range through orders_newest and sum their lines per currency.
const KEY_SQL: Record<SalesGrouping, string> = {
  day: `to_char((o.created_at AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD')`,
  product: 'l.product_id',
};

/**
 * Orders, units and revenue per key and currency over [from, to), cancelled orders excluded. An order with
 * two lines counts once in `orders` (count DISTINCT); revenue is quantity × the unit price paid.
 */
export async function salesReport(
  pool: pg.Pool,
  range: { from: Date; to: Date },
  groupBy: SalesGrouping,
): Promise<SalesReportRow[]> {
  const { rows } = await pool.query<{
    key: string;
    currency: string;
    orders: string;
    units: string;
    revenue: string;
  }>(
    `SELECT ${KEY_SQL[groupBy]} AS key, l.currency,
       count(DISTINCT o.id) AS orders, sum(l.quantity) AS units, sum(l.quantity * l.unit_amount) AS revenue
     FROM orders o JOIN order_lines l ON l.order_id = o.id
     WHERE o.created_at >= $1 AND o.created_at < $2 AND o.status <> 'cancelled'
     GROUP BY 1, 2
     ORDER BY 1, 2`,
    [range.from, range.to],
  );
  // count and sum come back as bigint / numeric strings; the totals fit in a double exactly.
  return rows.map((row) => ({
    key: row.key,
    currency: row.currency,
    orders: Number(row.orders),
    units: Number(row.units),
    revenue: Number(row.revenue),
  }));
}
