import type pg from 'pg';
import type { SalesGrouping, SalesReportRow } from '../../app/ports/order-store.js';

/**
 * Orders, units and money per key and currency over [from, to), cancelled orders excluded, through the
 * orders_newest range. Per day: each order's lines are summed first (one row per order), so an order's
 * shipping counts once however many lines it has. Per product: the lines of that product; shipping belongs
 * to no product (0), and `orders` counts each order once (DISTINCT). `revenue` and `subtotal` are quantity ×
 * the unit price paid; `discount` the lines' shares; `tax` the lines' (and, per day, shipping's) tax.
 */
const SQL: Record<SalesGrouping, string> = {
  day: `SELECT to_char((o.created_at AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD') AS key, o.currency,
      count(*) AS orders, sum(l.units) AS units, sum(l.subtotal) AS subtotal, sum(l.discount) AS discount,
      sum(COALESCE(o.shipping_amount, 0)) AS shipping, sum(l.tax + COALESCE(o.shipping_tax_amount, 0)) AS tax
    FROM orders o CROSS JOIN LATERAL (
      SELECT sum(quantity) AS units, sum(quantity * unit_amount) AS subtotal, sum(discount_amount) AS discount,
        sum(tax_amount) AS tax
      FROM order_lines WHERE order_id = o.id) l
    WHERE o.created_at >= $1 AND o.created_at < $2 AND o.status <> 'cancelled'
    GROUP BY 1, 2 ORDER BY 1, 2`,
  product: `SELECT l.product_id AS key, l.currency, count(DISTINCT o.id) AS orders, sum(l.quantity) AS units,
      sum(l.quantity * l.unit_amount) AS subtotal, sum(l.discount_amount) AS discount, 0 AS shipping,
      sum(l.tax_amount) AS tax
    FROM orders o JOIN order_lines l ON l.order_id = o.id
    WHERE o.created_at >= $1 AND o.created_at < $2 AND o.status <> 'cancelled'
    GROUP BY 1, 2 ORDER BY 1, 2`,
};

export async function salesReport(
  pool: pg.Pool,
  range: { from: Date; to: Date },
  groupBy: SalesGrouping,
): Promise<SalesReportRow[]> {
  const { rows } = await pool.query<
    Record<'key' | 'currency' | 'orders' | 'units' | 'subtotal' | 'discount' | 'shipping' | 'tax', string>
  >(SQL[groupBy], [range.from, range.to]);
  // count and sum come back as bigint / numeric strings; the totals fit in a double exactly.
  return rows.map((row) => ({
    key: row.key,
    currency: row.currency,
    orders: Number(row.orders),
    units: Number(row.units),
    revenue: Number(row.subtotal),
    subtotal: Number(row.subtotal),
    discount: Number(row.discount),
    shipping: Number(row.shipping),
    tax: Number(row.tax),
  }));
}
