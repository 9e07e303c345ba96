import type { Money } from '../../domain/catalog/money.js';
import type { Order } from '../../domain/ordering/order.js';
import type { Payment, PaymentProviderName } from '../payments/payment.js';
import type { ProviderEvent, ProviderRefund } from './payment-provider.js';

export type NewPayment = Omit<Payment, 'createdAt' | 'updatedAt'>;

/** What applying a provider event did. */
export type EventOutcome =
  | { kind: 'replayed' }
  | { kind: 'ignored' }
  /** No payment and no order of ours: recorded, nothing changed. */
  | { kind: 'unknown' }
  | { kind: 'applied'; payment: Payment; order: Order; refundDue: boolean };

/** A refund to ask the provider for: the order is cancelled, its payment succeeded, no provider refund yet. */
export interface RefundDue {
  orderId: string;
  paymentId: string;
  provider: PaymentProviderName;
  amount: Money;
}

/**
 * Payments and the provider events that move them, next to the orders (PostgreSQL): an event and the
 * change it causes commit together, so each event takes effect once.
 */
export interface PaymentStore {
  byOrder(orderId: string): Promise<Payment | undefined>;
  byId(paymentId: string): Promise<Payment | undefined>;
  /**
   * Records the order's payment unless it has one already, and only while the order is `placed`. Returns
   * the order's payment and whether it is this one; undefined when the order is no longer placed and has
   * no payment.
   */
  insert(payment: NewPayment, at: Date): Promise<{ payment: Payment; created: boolean } | undefined>;
  /**
   * In one transaction: records (provider, event id) and applies the event: a payment that succeeded
   * moves a `placed` order to `paid` (order.paid) or, for an order already cancelled, marks a refund due;
   * a failed one marks the payment failed (order.payment_failed, the order stays placed); a refund
   * confirmed sets the order's refund succeeded (order.refunded). An event recorded before is `replayed`
   * and changes nothing; a concurrent duplicate waits for the first and is then a replay.
   */
  applyEvent(provider: PaymentProviderName, event: ProviderEvent, at: Date): Promise<EventOutcome>;
  /** The order's refund to ask the provider for, if one is due. */
  refundDue(orderId: string): Promise<RefundDue | undefined>;
  /** Refunds due, oldest first. */
  refundsDue(limit: number): Promise<RefundDue[]>;
  /**
   * Stores the provider's refund on the order; the refund's first move to `succeeded` (here or by the
   * provider's event, whichever comes first) writes order.refunded.
   */
  recordRefund(orderId: string, refund: ProviderRefund, at: Date): Promise<Order | undefined>;
  /** Ids of `placed` orders created before `cutoff`, oldest first. */
  placedBefore(cutoff: Date, limit: number): Promise<string[]>;
}
