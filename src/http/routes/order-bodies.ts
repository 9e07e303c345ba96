// What an order looks like on the wire: the order itself and the 409 of one that did not fit the stock.
import type { PlacementOutcome } from '../../app/ports/order-store.js';
import type { Order, PlaceOrderInput } from '../../domain/ordering/order.js';
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
 * Fixed members in a fixed order, whichever path built the order (drafted in memory, read back from rows,
 * replayed from the stored outcome), so a 201, its replay and a GET of the same order read alike.
 */
export function orderBody(order: Order): Order {
  return {
    id: order.id,
    customerId: order.customerId,
    status: order.status,
    items: order.items.map((line) => ({
      productId: line.productId,
      sku: line.sku,
      name: line.name,
      quantity: line.quantity,
      unitPrice: { amount: line.unitPrice.amount, currency: line.unitPrice.currency },
    })),
    total: { amount: order.total.amount, currency: order.total.currency },
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
  };
}
