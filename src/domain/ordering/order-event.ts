import type { Order } from './order.js';

/** What happens to an order, as the outbox records it and the event bus carries it. */
export const ORDER_EVENT_TYPES = [
  'order.placed',
  'order.paid',
  'order.payment_failed',
  'order.cancelled',
  'order.refunded',
  'order.shipped',
  'order.delivered',
] as const;
export type OrderEventType = (typeof ORDER_EVENT_TYPES)[number];

/**
 * One change of one order, written in the same transaction as the change (the transactional outbox) and
 * published at least once, in `sequence` order per order; `id` is the consumers' dedupe key.
 */
export interface OrderEvent {
  id: string;
  type: OrderEventType;
  occurredAt: string;
  orderId: string;
  /** 1, 2, 3, ... per order: the order in which this order's events happened. */
  sequence: number;
  /** The order as it was right after the change (without the guest token's hash). */
  order: Omit<Order, 'accessTokenHash'>;
}
