import type { InventoryLevel } from '../../domain/ordering/inventory.js';
import type { Order, OrderStatus } from '../../domain/ordering/order.js';
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
  | { kind: 'placed'; order: Order }
  | {
      kind: 'insufficient_stock';
      products: { productId: string; requested: number; available: number }[];
      /** The request that got this outcome first: a replay names it, as replays of other routes do. */
      requestId?: string;
    };

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
  revenue: number;
}

export interface OrderStore {
  /**
   * In one transaction: records the idempotency key (customerId, key) with the request fingerprint,
   * reserves stock for every line or none, and inserts the order. A concurrent request with the same key
   * waits for the first and then gets `replayed`; a different fingerprint gets `key_reused`.
   */
  place(order: Order, idempotency: PlacementClaim): Promise<PlacementResult>;
  get(id: string): Promise<Order | undefined>;
  /** Newest first (createdAt, then id), cursor-paginated; ValidationError(path 'cursor') for a foreign cursor. */
  list(query: OrderListQuery): Promise<Page<Order>>;
  /**
   * Moves the order to `to` iff its current status is one of `from`; a cancellation releases the reserved
   * stock in the same transaction, so stock is released exactly once. Returns the updated order, or
   * undefined if the order does not exist; ConflictError when the current status is not in `from`.
   */
  transition(id: string, from: readonly OrderStatus[], to: OrderStatus, at: Date): Promise<Order | undefined>;
  /** Orders, units and revenue per currency over [from, to), cancelled orders excluded; computed in SQL. */
  salesReport(range: { from: Date; to: Date }, groupBy: SalesGrouping): Promise<SalesReportRow[]>;
}
