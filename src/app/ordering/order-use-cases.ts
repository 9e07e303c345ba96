import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { CheckoutPrice } from '../../domain/ordering/checkout-pricing.js';
import {
  type Order,
  type OrderStatus,
  type PlaceOrderInput,
  type QuoteInput,
  statusesBefore,
} from '../../domain/ordering/order.js';
import {
  ConflictError,
  NotFoundError,
  UnauthenticatedError,
  UnprocessableError,
} from '../../domain/shared/errors.js';
import { newId } from '../../domain/shared/ids.js';
import type { Page } from '../../domain/shared/page.js';
import { isAdmin } from '../catalog/product-use-cases.js';
import type { CartStore } from '../ports/cart-store.js';
import type { CatalogRepository } from '../ports/catalog-repository.js';
import type { Clock } from '../ports/clock.js';
import type { OrderStore, PlacementResult } from '../ports/order-store.js';
import type { Principal } from '../ports/token-verifier.js';
import {
  type CheckoutPlan,
  linesToPrice,
  orderFrom,
  planCheckout,
  priceWithSettings,
  type RequestedLine,
  type TaxPolicy,
} from './checkout.js';
import { requestFingerprint } from './request-fingerprint.js';

/** Who is calling; undefined for an anonymous guest. */
type Caller = Principal | undefined;

export interface OrderListRequest {
  limit: number;
  cursor?: string;
  /** Admins: only this customer's orders. Customers only ever see their own. */
  customerId?: string;
}

/** A quote: the order's prices for these choices, nothing reserved. */
export type Quote = CheckoutPrice;

export interface OrderUseCases {
  /**
   * Places an order exactly once per (caller, idempotency key): lines from the body or from a cart (which
   * checkout leaves as it is), priced from the catalog and the checkout settings. Without a principal only
   * a guest cart can be ordered, and `email` and `shippingAddress` are required; a guest's key is scoped
   * to the cart. The result says placed, out of stock, replayed or key reused. `requestId` is kept with
   * an out-of-stock outcome, so its replays name the request that got it first.
   */
  placeOrder(
    caller: Caller,
    input: PlaceOrderInput,
    idempotencyKey: string,
    requestId?: string,
  ): Promise<PlacementResult>;
  /** What ordering this cart with these choices would cost: the same code prices the order. */
  quote(caller: Caller, cartId: string, input: QuoteInput): Promise<Quote>;
  /**
   * The owner's, anyone's for admins, or a guest order for the holder of its access token (X-Order-Token);
   * NotFoundError otherwise, so an order id reveals nothing.
   */
  getOrder(caller: Caller, id: string, orderToken?: string): Promise<Order>;
  listOrders(principal: Principal, request: OrderListRequest): Promise<Page<Order>>;
  /**
   * Owners (and guests with the order's token) while placed; admins while placed or paid. Releases the
   * stock and the discount redemption in the same transaction; a paid order's payment is refunded in full.
   */
  cancelOrder(caller: Caller, id: string, orderToken?: string): Promise<Order>;
  /** Admins: one step of placed -> paid -> shipped -> delivered (or a cancellation); ConflictError otherwise. */
  changeOrderStatus(id: string, status: OrderStatus): Promise<Order>;
}

/** Refunds the payment of a cancelled order that was paid (src/app/payments); returns the order as it is then. */
export interface OrderRefunds {
  refundOrder(orderId: string): Promise<Order | undefined>;
}

export function createOrderUseCases({
  catalog,
  carts,
  orders,
  clock,
  taxPolicy,
  refunds,
}: {
  catalog: CatalogRepository;
  carts: CartStore;
  orders: OrderStore;
  clock: Clock;
  taxPolicy: TaxPolicy;
  /** Without it (no payment provider), a paid order's cancellation leaves its refund pending. */
  refunds?: OrderRefunds;
}): OrderUseCases {
  const notFound = (id: string) => new NotFoundError(`No order with id "${id}".`);

  async function cartLines(caller: Caller, cartId: string): Promise<RequestedLine[]> {
    const cart = await carts.get(cartId, caller?.sub);
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

  async function pricedLines(lines: RequestedLine[]) {
    const products = await catalog.getProducts(lines.map((line) => line.productId));
    return linesToPrice(lines, new Map(products.map((product) => [product.id, product])));
  }

  /** A guest must say where to ship and whom to tell; anyone's order needs an email. */
  function contact(caller: Caller, input: PlaceOrderInput): string {
    const missing = [];
    const email = input.email ?? caller?.email;
    if (email === undefined)
      missing.push({ path: 'email', message: 'is required: where the order confirmation goes' });
    if (caller === undefined && input.shippingAddress === undefined) {
      missing.push({ path: 'shippingAddress', message: 'is required for a guest order' });
    }
    if (missing.length > 0) throw new UnprocessableError('The order needs contact details.', missing);
    return email as string;
  }

  async function visibleOrder(caller: Caller, id: string, orderToken?: string): Promise<Order> {
    const order = await orders.get(id);
    if (order === undefined) throw notFound(id);
    const owns = caller !== undefined && (order.customerId === caller.sub || isAdmin(caller));
    if (!owns && !tokenOpens(order, orderToken)) throw notFound(id);
    return order;
  }

  /** Moves the order, turning a lost state check into a 409 that says what the order is now. */
  async function transition(id: string, from: readonly OrderStatus[], to: OrderStatus, reason: string) {
    try {
      const order = from.length === 0 ? undefined : await orders.transition(id, from, to, clock.now());
      // Cancelling a paid order made its refund due (in the cancellation's transaction): ask for it now.
      if (order?.refund?.status === 'pending' && refunds !== undefined)
        return (await refunds.refundOrder(id)) ?? order;
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
    async placeOrder(caller, input, idempotencyKey, requestId) {
      if (caller === undefined && !('cartId' in input)) {
        throw new UnauthenticatedError('Sign in to order lines directly; guests check out a guest cart.');
      }
      const email = contact(caller, input);
      const lines =
        'items' in input
          ? input.items.map((line, i) => ({ ...line, path: `items.${i}` }))
          : await cartLines(caller, input.cartId);
      const toPrice = await pricedLines(lines);
      const plan = planCheckout(input, taxPolicy);
      const now = clock.now();
      const id = newId();
      // A guest's order opens with a token of its own: 256 random bits, of which only the hash is stored.
      const accessToken = caller === undefined ? randomBytes(32).toString('base64url') : undefined;
      const owner = {
        id,
        customerId: caller?.sub ?? null,
        email,
        ...(accessToken === undefined ? {} : { accessTokenHash: sha256(accessToken) }),
      };
      return orders.place(
        {
          requester: caller?.sub ?? `guest:${(input as { cartId: string }).cartId}`,
          settings: plan.settings,
          build: (settings) =>
            orderFrom(priceWithSettings(toPrice, plan, settings, taxPolicy, now), plan, owner, now),
          ...(accessToken === undefined ? {} : { accessToken }),
        },
        // For a cart the request is its id and the choices: a retry replays the first outcome even if the cart changed.
        { key: idempotencyKey, fingerprint: requestFingerprint(input), requestId },
      );
    },

    async quote(caller, cartId, input) {
      const toPrice = await pricedLines(await cartLines(caller, cartId));
      const plan: CheckoutPlan = planCheckout(input, taxPolicy);
      const settings = await orders.checkoutSettings(plan.settings);
      return priceWithSettings(toPrice, plan, settings, taxPolicy, clock.now());
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

    async cancelOrder(caller, id, orderToken) {
      await visibleOrder(caller, id, orderToken);
      const admin = caller !== undefined && isAdmin(caller);
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

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Compared as hashes of equal length in constant time: the token's bytes leak nothing through timing. */
function tokenOpens(order: Order, token: string | undefined): boolean {
  if (token === undefined || order.accessTokenHash === undefined) return false;
  return timingSafeEqual(Buffer.from(sha256(token), 'hex'), Buffer.from(order.accessTokenHash, 'hex'));
}
