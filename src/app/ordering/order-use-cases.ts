import {
  type Order,
  type OrderStatus,
  type PlaceOrderInput,
  statusesBefore,
} from '../../domain/ordering/order.js';
import { ConflictError, NotFoundError, UnprocessableError } from '../../domain/shared/errors.js';
import type { Page } from '../../domain/shared/page.js';
import { isAdmin } from '../catalog/product-use-cases.js';
import type { CartStore } from '../ports/cart-store.js';
import type { CatalogRepository } from '../ports/catalog-repository.js';
import type { Clock } from '../ports/clock.js';
import type { OrderStore, PlacementResult } from '../ports/order-store.js';
import type { Principal } from '../ports/token-verifier.js';
import { draftOrder, type RequestedLine } from './order-draft.js';
import { requestFingerprint } from './request-fingerprint.js';

export interface OrderListRequest {
  limit: number;
  cursor?: string;
  /** Admins: only this customer's orders. Customers only ever see their own. */
  customerId?: string;
}

export interface OrderUseCases {
  /**
   * Places an order exactly once per (caller, idempotency key): lines from the body or from a cart (which
   * checkout leaves as it is), priced from the catalog. The result says placed, out of stock, replayed
   * (a retry of an earlier request) or key reused (the key came with another request). `requestId` is kept
   * with an out-of-stock outcome, so its replays name the request that got it first.
   */
  placeOrder(
    principal: Principal,
    input: PlaceOrderInput,
    idempotencyKey: string,
    requestId?: string,
  ): Promise<PlacementResult>;
  /** The owner's or, for admins, anyone's; NotFoundError otherwise. */
  getOrder(principal: Principal, id: string): Promise<Order>;
  listOrders(principal: Principal, request: OrderListRequest): Promise<Page<Order>>;
  /** Owners while placed; admins while placed or paid. Releases the stock in the same transaction. */
  cancelOrder(principal: Principal, id: string): Promise<Order>;
  /** Admins: one step of placed -> paid -> shipped -> delivered (or a cancellation); ConflictError otherwise. */
  changeOrderStatus(id: string, status: OrderStatus): Promise<Order>;
}

export function createOrderUseCases({
  catalog,
  carts,
  orders,
  clock,
}: {
  catalog: CatalogRepository;
  carts: CartStore;
  orders: OrderStore;
  clock: Clock;
}): OrderUseCases {
  const notFound = (id: string) => new NotFoundError(`No order with id "${id}".`);

  async function requestedLines(principal: Principal, input: PlaceOrderInput): Promise<RequestedLine[]> {
    if ('items' in input) return input.items.map((line, i) => ({ ...line, path: `items.${i}` }));
    const cart = await carts.get(input.cartId, principal.sub);
    if (cart === undefined) {
      throw new UnprocessableError('The cart does not exist.', [
        { path: 'cartId', message: 'refers to no cart of yours (it may have expired)' },
      ]);
    }
    if (cart.items.length === 0) {
      throw new UnprocessableError('The cart is empty.', [
        { path: 'cartId', message: 'the cart has no items' },
      ]);
    }
    return cart.items.map((line) => ({ ...line, path: 'cartId' }));
  }

  async function visibleOrder(principal: Principal, id: string): Promise<Order> {
    const order = await orders.get(id);
    if (order === undefined || (order.customerId !== principal.sub && !isAdmin(principal)))
      throw notFound(id);
    return order;
  }

  /** Moves the order, turning a lost state check into a 409 that says what the order is now. */
  async function transition(id: string, from: readonly OrderStatus[], to: OrderStatus, reason: string) {
    try {
      const order = from.length === 0 ? undefined : await orders.transition(id, from, to, clock.now());
      if (order !== undefined) return order;
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
    }
    const current = await orders.get(id);
    if (current === undefined) throw notFound(id);
    throw new ConflictError(`The order is ${current.status}: ${reason}`, [
      { path: 'status', message: `is ${current.status}` },
    ]);
  }

  return {
    async placeOrder(principal, input, idempotencyKey, requestId) {
      const lines = await requestedLines(principal, input);
      const products = await catalog.getProducts(lines.map((line) => line.productId));
      const order = draftOrder(
        principal.sub,
        lines,
        new Map(products.map((product) => [product.id, product])),
        clock.now(),
      );
      // For a cart the request is just its id: a retry replays the first outcome even if the cart changed.
      return orders.place(order, { key: idempotencyKey, fingerprint: requestFingerprint(input), requestId });
    },

    getOrder: visibleOrder,

    async listOrders(principal, request) {
      const own = !isAdmin(principal);
      // Customers asking for someone else's orders get what they may see of them: nothing.
      if (own && request.customerId !== undefined && request.customerId !== principal.sub) {
        return { items: [], nextCursor: null };
      }
      return orders.list({
        limit: request.limit,
        cursor: request.cursor,
        customerId: own ? principal.sub : request.customerId,
      });
    },

    async cancelOrder(principal, id) {
      await visibleOrder(principal, id);
      const admin = isAdmin(principal);
      const from: OrderStatus[] = admin ? ['placed', 'paid'] : ['placed'];
      return transition(
        id,
        from,
        'cancelled',
        admin
          ? 'only placed or paid orders can be cancelled.'
          : 'you can cancel an order only until it is paid; after that, contact us.',
      );
    },

    async changeOrderStatus(id, status) {
      const from = statusesBefore(status);
      return transition(
        id,
        from,
        status,
        from.length === 0
          ? `no order can move to ${status}.`
          : `only a ${from.join(' or ')} order can become ${status}.`,
      );
    },
  };
}
