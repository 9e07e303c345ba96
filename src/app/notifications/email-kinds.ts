import type { OrderEventType } from '../../domain/ordering/order-event.js';

/**
 * Which email each order event sends; events not listed send none. Kept free of runtime imports: the CDK
 * app may read it (the event bus rule forwards only these `detail-type`s to the email queue).
 */
export const EMAIL_KIND_OF_EVENT = {
  'order.placed': 'order-confirmation',
  'order.paid': 'payment-received',
  'order.shipped': 'order-shipped',
  'order.cancelled': 'order-cancelled',
  'order.refunded': 'order-refunded',
} as const satisfies Partial<Record<OrderEventType, string>>;

export type OrderEmailKind = (typeof EMAIL_KIND_OF_EVENT)[keyof typeof EMAIL_KIND_OF_EVENT];

/** The kind of email `type` sends, if any. */
export function emailKindOf(type: OrderEventType): OrderEmailKind | undefined {
  return (EMAIL_KIND_OF_EVENT as Partial<Record<OrderEventType, OrderEmailKind>>)[type];
}
