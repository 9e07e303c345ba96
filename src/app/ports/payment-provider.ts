import type { Money } from '../../domain/catalog/money.js';
import type { RefundStatus } from '../../domain/ordering/order.js';
import type { PaymentProviderName, PaymentStatus } from '../payments/payment.js';

/** What the provider made of a new payment. */
export interface CreatedPayment {
  id: string;
  status: PaymentStatus;
  clientSecret?: string;
}

export interface ProviderRefund {
  id: string;
  status: RefundStatus;
}

/**
 * A provider's event as the payment code applies it, once verified. `id` is the provider's event id (the
 * key that makes each event take effect once); `type` the provider's own name for it, kept with the id.
 */
export type ProviderEvent = { id: string; type: string } & (
  | ({ kind: 'payment_succeeded' } & PaymentOutcome)
  | ({ kind: 'payment_failed' } & PaymentOutcome)
  | { kind: 'refund_succeeded'; paymentId: string; amount: Money }
  | { kind: 'ignored' }
);

interface PaymentOutcome {
  paymentId: string;
  /** From the payment's metadata: finds the order should the payment not be recorded yet. */
  orderId?: string;
  /** What the provider holds, for a payment not recorded yet. */
  amount?: Money;
}

/**
 * A payment provider: Stripe, or the test provider of local runs and tests. Both are idempotent per order:
 * creating the payment of an order twice gives the same payment at the provider, and refunding it twice
 * refunds it once.
 *
 * Errors: UnavailableError when the provider cannot be reached or is busy (the caller retries).
 */
export interface PaymentProvider {
  readonly name: PaymentProviderName;
  /** A payment of `amount` for the order (Stripe: a PaymentIntent; the order id is its idempotency key). */
  createPayment(order: { orderId: string; amount: Money }): Promise<CreatedPayment>;
  /** Refunds the payment in full (Stripe: with an idempotency key derived from the order). */
  refund(payment: { paymentId: string; orderId: string; amount: Money }): Promise<ProviderRefund>;
}

/** A provider that reports outcomes by signed webhook (Stripe). */
export interface WebhookVerifier {
  /**
   * Checks the signature over the raw body, then reads the event. ValidationError (400) when the
   * signature is missing, wrong or too old, so nothing is applied.
   */
  verify(rawBody: string, signature: string | undefined): Promise<ProviderEvent>;
}
