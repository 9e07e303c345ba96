import type { PaymentProvider } from '../../app/ports/payment-provider.js';
import { newId } from '../../domain/shared/ids.js';

/**
 * The provider of `npm start` and the tests: no money moves. A payment waits until
 * POST /payments/test/{paymentId}/succeed or /fail reports its outcome, through the same code a Stripe
 * webhook takes; a refund succeeds at once. Refunds are idempotent per order, as Stripe's are.
 */
export function createTestPaymentProvider(): PaymentProvider {
  return {
    name: 'test',
    async createPayment() {
      return { id: `tp_${newId()}`, status: 'requires_payment' };
    },
    async refund({ orderId }) {
      return { id: `tr_${orderId}`, status: 'succeeded' };
    },
  };
}
