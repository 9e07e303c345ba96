import type { Money } from '../catalog/money.js';
import { idSchema } from '../shared/ids.js';
import * as z from '../shared/zod.js';

export const ORDER_STATUSES = ['placed', 'paid', 'shipped', 'delivered', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** The status machine: placed -> paid -> shipped -> delivered; cancel only from placed or paid. */
const NEXT: Record<OrderStatus, readonly OrderStatus[]> = {
  placed: ['paid', 'cancelled'],
  paid: ['shipped', 'cancelled'],
  shipped: ['delivered'],
  delivered: [],
  cancelled: [],
};

function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return NEXT[from].includes(to);
}

/** The statuses an order must be in for `to` to be a legal next step. */
export function statusesBefore(to: OrderStatus): OrderStatus[] {
  return ORDER_STATUSES.filter((from) => canTransition(from, to));
}

export const MAX_ORDER_LINES = 100;
export const MAX_LINE_QUANTITY = 1000;

export const quantitySchema = z.number().check(z.int(), z.minimum(1), z.maximum(MAX_LINE_QUANTITY));

const orderItemsSchema = z.array(z.strictObject({ productId: idSchema, quantity: quantitySchema })).check(
  z.minLength(1),
  z.maxLength(MAX_ORDER_LINES),
  z.refine(
    (items) => new Set(items.map((item) => item.productId)).size === items.length,
    'each product may appear only once',
  ),
);

/** POST /orders: either a cart to check out, or the lines themselves. */
export const placeOrderInputSchema = z.union([
  z.strictObject({ cartId: idSchema }),
  z.strictObject({ items: orderItemsSchema }),
]);
export type PlaceOrderInput = z.infer<typeof placeOrderInputSchema>;

/** A line as sold: name, SKU and price are snapshots of the catalog at the moment of the order. */
export interface OrderLine {
  productId: string;
  sku: string;
  name: string;
  quantity: number;
  unitPrice: Money;
}

export interface Order {
  id: string;
  customerId: string;
  status: OrderStatus;
  items: OrderLine[];
  total: Money;
  createdAt: string;
  updatedAt: string;
}

export const orderStatusChangeSchema = z.strictObject({ status: z.enum(ORDER_STATUSES) });
