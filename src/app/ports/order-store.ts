import type { DiscountCode } from '../../domain/ordering/discount-code.js';
import type { InventoryLevel } from '../../domain/ordering/inventory.js';
import type { Order, OrderStatus } from '../../domain/ordering/order.js';
import type { ShippingMethod } from '../../domain/ordering/shipping-method.js';
import type { TaxRatesInput } from '../../domain/ordering/tax-rates.js';
import type { Page } from '../../domain/shared/page.js';

/**
 * Inventory and orders live in one relational database (PostgreSQL) because placing an order must
 * reserve stock for every line or for none, in one ACID transaction.
 *
 * Errors: UnavailableError when the database cannot be reached or times out (never a hang);
 * implementations retry serialization failures and deadlocks themselves before giving up.
 */
export interface InventoryStore {
  get(productId: string): Promise<InventoryLevel | undefined>;
  set(productId: string, available: number): Promise<InventoryLevel>;
  /** ConflictError when the result would be below zero; the adjustment is recorded with its reason. */
  adjust(productId: string, delta: number, reason: string): Promise<InventoryLevel>;
}

/** What a finished order placement produced; stored with the idempotency key so a retry gets it back. */
export type PlacementOutcome =
  | {
      kind: 'placed';
      order: Order;
      /** A guest order's access token: stored with the outcome so the request's retry gets it too. */
      accessToken?: string;
    }
  | {
      kind: 'insufficient_stock';
      products: { productId: string; requested: number; available: number }[];
      /** The request that got this outcome first: a replay names it, as replays of other routes do. */
      requestId?: string;
    };

/** Which checkout settings an order or a quote needs. */
export interface CheckoutSettingsQuery {
  taxCountry: string;
  shippingMethodId?: string;
  /** Upper case. */
  discountCode?: string;
}

/** The settings as read; a member is absent when what the query named does not exist. */
export interface CheckoutSettings {
  taxRates?: TaxRatesInput;
  shippingMethod?: ShippingMethod;
  discount?: DiscountCode;
}

/**
 * An order to place: `build` prices it from the checkout settings; the store confirms under its locks that
 * they are the settings the order commits with (and counts the code's redemptions there), else builds it
 * again with fresh ones. It is pure and may run several times. It throws the checkout's 422s, which place
 * nothing.
 */
export interface Placement {
  /** Who owns the idempotency key: the customer, or `guest:<cartId>` for a guest. */
  requester: string;
  settings: CheckoutSettingsQuery;
  build(settings: CheckoutSettings): Order;
  /** A guest order's access token, for the placed outcome (the order itself keeps only its hash). */
  accessToken?: string;
}

/** The idempotency key of a placement, the fingerprint of its request and (for problems) its request id. */
export interface PlacementClaim {
  key: string;
  fingerprint: string;
  requestId?: string;
}

export type PlacementResult =
  | PlacementOutcome
  | { kind: 'replayed'; outcome: PlacementOutcome }
  | { kind: 'key_reused' }; // same key, different request

export interface OrderListQuery {
  limit: number;
  cursor?: string;
  /** Absent: all customers (admins only, decided by the use case). */
  customerId?: string;
}

export type SalesGrouping = 'day' | 'product';

export interface SalesReportRow {
  /** `YYYY-MM-DD` (UTC) when grouped by day, the product id when grouped by product. */
  key: string;
  currency: string;
  orders: number;
  units: number;
  /** The lines at the unit prices paid (the same as subtotal, kept under its first name). */
  revenue: number;
  subtotal: number;
  /** The lines' shares of discounts. */
  discount: number;
  /** Shipping charged (per day; 0 per product: shipping belongs to the order). */
  shipping: number;
  /** Tax of the lines (and, per day, of shipping): part of the amounts when prices include tax. */
  tax: number;
}

export interface OrderStore {
  /**
   * In one transaction: records the idempotency key (requester, key) with the request fingerprint, reads
   * the checkout settings and builds the order, reserves stock for every line or none, redeems the
   * discount code (never past its maxRedemptions: its row is locked after the stock rows, always in that
   * order) and inserts the order. A concurrent request with the same key waits for the first and then gets
   * `replayed`; a different fingerprint gets `key_reused`.
   */
  place(placement: Placement, idempotency: PlacementClaim): Promise<PlacementResult>;
  /** The settings a quote prices with, read without locks. */
  checkoutSettings(query: CheckoutSettingsQuery): Promise<CheckoutSettings>;
  get(id: string): Promise<Order | undefined>;
  /** Newest first (createdAt, then id), cursor-paginated; ValidationError(path 'cursor') for a foreign cursor. */
  list(query: OrderListQuery): Promise<Page<Order>>;
  /**
   * Moves the order to `to` iff its current status is one of `from`; a cancellation releases the reserved
   * stock and gives the discount code's redemption back in the same transaction, so each comes back once. Returns the updated order, or
   * undefined if the order does not exist; ConflictError when the current status is not in `from`.
   */
  transition(id: string, from: readonly OrderStatus[], to: OrderStatus, at: Date): Promise<Order | undefined>;
  /** Orders, units and revenue per currency over [from, to), cancelled orders excluded; computed in SQL. */
  salesReport(range: { from: Date; to: Date }, groupBy: SalesGrouping): Promise<SalesReportRow[]>;
}
