import type { TaxClass } from '../../domain/catalog/tax-class.js';
import type { Address } from '../../domain/ordering/address.js';
import type { Order, OrderLine, OrderStatus, RefundStatus } from '../../domain/ordering/order.js';

/**
 * An order with its lines in one round trip: the lines come back as one JSON array per order, in line order.
 * `created_micros` is the exact sort key (PostgreSQL keeps microseconds) for keyset cursors. Orders placed
 * before checkout recorded shipping, discounts and tax read as none of those, their subtotal their total.
 */
export const SELECT_ORDERS = `
  SELECT o.id, o.customer_id, o.status, o.total_amount, o.currency, o.created_at, o.updated_at,
    o.access_token_hash, o.email, o.shipping_address, o.billing_address, o.shipping_method_id,
    o.shipping_name, o.shipping_amount, o.shipping_tax_rate::float8 AS shipping_tax_rate, o.shipping_tax_amount,
    o.discount_code, o.discount_amount, COALESCE(o.subtotal_amount, o.total_amount) AS subtotal_amount,
    o.tax_amount, o.refund_status, o.refund_amount,
    (extract(epoch FROM o.created_at) * 1000000)::bigint::text AS created_micros,
    (SELECT json_agg(json_build_object(
        'productId', l.product_id, 'sku', l.sku, 'name', l.name, 'quantity', l.quantity,
        'unitAmount', l.unit_amount, 'currency', l.currency, 'taxClass', l.tax_class,
        'taxRate', l.tax_rate::float8, 'taxAmount', l.tax_amount, 'discountAmount', l.discount_amount)
        ORDER BY l.line_no)
      FROM order_lines l WHERE l.order_id = o.id) AS items
  FROM orders o`;

/** bigint arrives as a string: amounts are at most Number.MAX_SAFE_INTEGER, so Number() is exact. */
type Bigint = string;

export interface OrderRow {
  id: string;
  customer_id: string | null;
  status: OrderStatus;
  total_amount: Bigint;
  currency: string;
  created_at: Date;
  updated_at: Date;
  access_token_hash: string | null;
  email: string | null;
  shipping_address: Address | null;
  billing_address: Address | null;
  shipping_method_id: string | null;
  shipping_name: string | null;
  shipping_amount: Bigint | null;
  shipping_tax_rate: number | null;
  shipping_tax_amount: Bigint | null;
  discount_code: string | null;
  discount_amount: Bigint;
  subtotal_amount: Bigint;
  tax_amount: Bigint;
  refund_status: RefundStatus | null;
  refund_amount: Bigint | null;
  created_micros: string;
  items: {
    productId: string;
    sku: string;
    name: string;
    quantity: number;
    unitAmount: number;
    currency: string;
    taxClass: TaxClass;
    taxRate: number;
    taxAmount: number;
    discountAmount: number;
  }[];
}

export function toOrder(row: OrderRow): Order {
  const money = (amount: Bigint | number | null) => ({ amount: Number(amount ?? 0), currency: row.currency });
  const items: OrderLine[] = row.items.map((line) => ({
    productId: line.productId,
    sku: line.sku,
    name: line.name,
    quantity: line.quantity,
    unitPrice: { amount: line.unitAmount, currency: line.currency },
    taxClass: line.taxClass,
    lineTotal: { amount: line.unitAmount * line.quantity, currency: line.currency },
    discountAmount: { amount: line.discountAmount, currency: line.currency },
    taxRate: line.taxRate,
    taxAmount: { amount: line.taxAmount, currency: line.currency },
  }));
  const shippingTotal = money(row.shipping_amount);
  return {
    id: row.id,
    customerId: row.customer_id,
    status: row.status,
    email: row.email,
    shippingAddress: row.shipping_address,
    billingAddress: row.billing_address,
    items,
    shipping:
      row.shipping_method_id === null
        ? null
        : {
            methodId: row.shipping_method_id,
            name: row.shipping_name ?? '',
            amount: shippingTotal,
            taxRate: row.shipping_tax_rate ?? 0,
            taxAmount: money(row.shipping_tax_amount),
          },
    discount:
      row.discount_code === null ? null : { code: row.discount_code, amount: money(row.discount_amount) },
    subtotal: money(row.subtotal_amount),
    discountTotal: money(row.discount_amount),
    shippingTotal,
    taxTotal: money(row.tax_amount),
    total: money(row.total_amount),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    ...(row.refund_status === null
      ? {}
      : { refund: { status: row.refund_status, amount: money(row.refund_amount) } }),
    ...(row.access_token_hash === null ? {} : { accessTokenHash: row.access_token_hash }),
  };
}
