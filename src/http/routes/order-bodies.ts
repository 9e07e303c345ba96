// What an order looks like on the wire: the order itself and the 409 of one that did not fit the stock.
import type { PlacementOutcome } from '../../app/ports/order-store.js';
import type { Money } from '../../domain/catalog/money.js';
import type { CheckoutPrice } from '../../domain/ordering/checkout-pricing.js';
import type {
  Order,
  OrderLine,
  OrderRefund,
  OrderShipping,
  PlaceOrderInput,
} from '../../domain/ordering/order.js';
import type { Problem } from '../problem.js';

type StockShortage = Extract<PlacementOutcome, { kind: 'insufficient_stock' }>;
type ShortLine = StockShortage['products'][number];

/**
 * The 409 of an order that did not fit the stock. Built only from the request body and the stored outcome
 * (its request id is the first request's, no clock), so a replay sends byte for byte what the first got.
 */
export function stockProblem(
  input: PlaceOrderInput,
  { products, requestId }: StockShortage,
): Problem & { products: ShortLine[] } {
  // For a cart checkout the body has no lines to point at, so the cart is the field at fault.
  const pathOf = (productId: string) =>
    'items' in input
      ? `items.${input.items.findIndex((line) => line.productId === productId)}.quantity`
      : 'cartId';
  return {
    type: 'about:blank',
    title: 'Conflict',
    status: 409,
    detail:
      'Not enough stock: nothing was reserved. Lower the quantities named in `errors` and place the order again with a new Idempotency-Key.',
    errors: products.map((line) => ({
      path: pathOf(line.productId),
      message: `only ${line.available} available`,
    })),
    products: products.map(({ productId, requested, available }) => ({ productId, requested, available })),
    // Last, as in every other problem; a replay of an outcome stored before request ids were kept has none.
    ...(requestId === undefined ? {} : { requestId }),
  };
}

/**
 * Fixed members in a fixed order, whichever path built the order (built in memory, read back from rows,
 * replayed from the stored outcome), so a 201, its replay and a GET of the same order read alike. The
 * access token's hash never leaves the server; the token itself only with a guest's 201 (see placedBody).
 */
export function orderBody(order: Order): OrderBody {
  return {
    id: order.id,
    customerId: order.customerId,
    status: order.status,
    email: order.email,
    shippingAddress: order.shippingAddress,
    billingAddress: order.billingAddress,
    items: order.items.map(lineBody),
    shipping: order.shipping === null ? null : shippingBody(order.shipping),
    discount:
      order.discount === null ? null : { code: order.discount.code, amount: money(order.discount.amount) },
    subtotal: money(order.subtotal),
    discountTotal: money(order.discountTotal),
    shippingTotal: money(order.shippingTotal),
    taxTotal: money(order.taxTotal),
    total: money(order.total),
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
    refund: order.refund == null ? null : { status: order.refund.status, amount: money(order.refund.amount) },
  };
}

/** A placed order as its 201 (and that request's replays) show it: a guest's comes with its access token. */
export function placedBody(
  order: Order,
  accessToken: string | undefined,
): OrderBody & { accessToken?: string } {
  return { ...orderBody(order), ...(accessToken === undefined ? {} : { accessToken }) };
}

export type OrderBody = Omit<Order, 'accessTokenHash' | 'refund'> & { refund: OrderRefund | null };

const money = ({ amount, currency }: Money): Money => ({ amount, currency });

const lineBody = (line: OrderLine): OrderLine => ({
  productId: line.productId,
  sku: line.sku,
  name: line.name,
  quantity: line.quantity,
  unitPrice: money(line.unitPrice),
  taxClass: line.taxClass,
  lineTotal: money(line.lineTotal),
  discountAmount: money(line.discountAmount),
  taxRate: line.taxRate,
  taxAmount: money(line.taxAmount),
});

const shippingBody = (shipping: OrderShipping): OrderShipping => ({
  methodId: shipping.methodId,
  name: shipping.name,
  amount: money(shipping.amount),
  taxRate: shipping.taxRate,
  taxAmount: money(shipping.taxAmount),
});

/** A quote as the wire shows it: the priced lines and the totals, in the order's own terms. */
export function quoteBody(quote: CheckoutPrice) {
  return {
    items: quote.items.map(lineBody),
    shipping: quote.shipping === undefined ? null : shippingBody(quote.shipping),
    discount:
      quote.discount === undefined
        ? null
        : { code: quote.discount.code, amount: money(quote.discount.amount) },
    subtotal: money(quote.subtotal),
    discountTotal: money(quote.discountTotal),
    shippingTotal: money(quote.shippingTotal),
    taxTotal: money(quote.taxTotal),
    total: money(quote.total),
    currency: quote.currency,
  };
}
