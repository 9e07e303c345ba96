import type { Money } from '../../domain/catalog/money.js';

export const PAYMENT_PROVIDERS = ['stripe', 'test'] as const;
export type PaymentProviderName = (typeof PAYMENT_PROVIDERS)[number];

/** `requires_payment` until the provider reports the outcome; `failed` may still turn `succeeded` (a retry). */
export const PAYMENT_STATUSES = ['requires_payment', 'succeeded', 'failed'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** The one payment of an order (a retried POST /orders/{id}/payment finds it instead of charging twice). */
export interface Payment {
  /** The provider's id: a Stripe PaymentIntent `pi_…`, or the test provider's `tp_…`. */
  id: string;
  orderId: string;
  provider: PaymentProviderName;
  status: PaymentStatus;
  /** The order's total when the payment was created. */
  amount: Money;
  /** What a browser confirms the payment with (Stripe.js); the test provider has none. */
  clientSecret?: string;
  createdAt: string;
  updatedAt: string;
}
