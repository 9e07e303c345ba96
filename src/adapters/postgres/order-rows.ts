import type { Order, OrderLine, OrderStatus } from '../../domain/ordering/order.js';

/**
 * An order with its lines in one round trip: the lines come back as one JSON array per order, in line order.
 * `created_micros` is the exact sort key (PostgreSQL keeps microseconds) for keyset cursors.
 */
export const SELECT_ORDERS = `
  SELECT o.id, o.customer_id, o.status, o.total_amount, o.currency, o.created_at, o.updated_at,
    (extract(epoch FROM o.created_at) * 1000000)::bigint::text AS created_micros,
    (SELECT json_agg(json_build_object(
        'productId', l.product_id, 'sku', l.sku, 'name', l.name, 'quantity', l.quantity,
        'unitAmount', l.unit_amount, 'currency', l.currency) ORDER BY l.line_no)
      FROM order_lines l WHERE l.order_id = o.id) AS items
  FROM orders o`;

export interface OrderRow {
  id: string;
  customer_id: string;
  status: OrderStatus;
  /** bigint arrives as a string: amounts are at most Number.MAX_SAFE_INTEGER, so Number() is exact. */
  total_amount: string;
  currency: string;
  created_at: Date;
  updated_at: Date;
  created_micros: string;
  items: {
    productId: string;
    sku: string;
    name: string;
    quantity: number;
    unitAmount: number;
    currency: string;
  }[];
}

export function toOrder(row: OrderRow): Order {
  const items: OrderLine[] = row.items.map((line) => ({
    productId: line.productId,
    sku: line.sku,
    name: line.name,
    quantity: line.quantity,
    unitPrice: { amount: line.unitAmount, currency: line.currency },
  }));
  return {
    id: row.id,
    customerId: row.customer_id,
    status: row.status,
    items,
    total: { amount: Number(row.total_amount), currency: row.currency },
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
