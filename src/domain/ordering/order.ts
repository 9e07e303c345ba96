import type { Money } from '../catalog/money.js';
import { idSchema } from '../shared/ids.js';
import * as z from '../shared/zod.js';
import { type Address, addressSchema, emailSchema } from './address.js';
import type { PricedLine } from './checkout-pricing.js';
import { discountCodeSchema } from './discount-code.js';

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

/**
 * What checkout needs besides the lines, on POST /orders and POST /carts/{id}/quote. Whether a field is
 * required depends on the caller (a guest needs email and shippingAddress): the use case decides, 422.
 */
export const checkoutFields = {
  email: z.optional(emailSchema),
  shippingAddress: z.optional(addressSchema),
  /** Defaults to the shipping address. */
  billingAddress: z.optional(addressSchema),
  shippingMethodId: z.optional(idSchema),
  discountCode: z.optional(discountCodeSchema),
};

/** POST /carts/{id}/quote: what the order would cost with these choices; reserves nothing. */
export const quoteInputSchema = z.strictObject({
  shippingAddress: checkoutFields.shippingAddress,
  billingAddress: checkoutFields.billingAddress,
  shippingMethodId: checkoutFields.shippingMethodId,
  discountCode: checkoutFields.discountCode,
});
export type QuoteInput = z.infer<typeof quoteInputSchema>;

/** POST /orders: either a cart to check out, or the lines themselves, and the checkout's choices. */
export const placeOrderInputSchema = z.union([
  z.strictObject({ cartId: idSchema, ...checkoutFields }),
  z.strictObject({ items: orderItemsSchema, ...checkoutFields }),
]);
export type PlaceOrderInput = z.infer<typeof placeOrderInputSchema>;
export type CheckoutChoices = QuoteInput & { email?: string };

/** A line as sold: name, SKU, price and tax are snapshots of the moment of the order, as checkout priced it. */
export type OrderLine = PricedLine;

export interface OrderShipping {
  methodId: string;
  name: string;
  amount: Money;
  taxRate: number;
  taxAmount: Money;
}

export const REFUND_STATUSES = ['pending', 'succeeded', 'failed'] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];

/** The refund of a cancelled order's payment: pending until the provider confirms it. */
export interface OrderRefund {
  status: RefundStatus;
  amount: Money;
}

export interface Order {
  id: string;
  /** null for a guest's order: its access token (X-Order-Token) is the key to it. */
  customerId: string | null;
  status: OrderStatus;
  /** null only on orders placed before checkout asked for one. */
  email: string | null;
  shippingAddress: Address | null;
  billingAddress: Address | null;
  items: OrderLine[];
  shipping: OrderShipping | null;
  discount: { code: string; amount: Money } | null;
  subtotal: Money;
  discountTotal: Money;
  shippingTotal: Money;
  taxTotal: Money;
  total: Money;
  createdAt: string;
  updatedAt: string;
  /** Set once a cancelled order's payment is being refunded; absent or null when there is none. */
  refund?: OrderRefund | null;
  /** SHA-256 (hex) of a guest order's access token; never sent to clients. */
  accessTokenHash?: string;
}

export const orderStatusChangeSchema = z.strictObject({ status: z.enum(ORDER_STATUSES) });
