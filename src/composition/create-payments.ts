import { createTestPaymentProvider } from '../adapters/payments/test-provider.js';
import type { PaymentService, PaymentServiceDeps } from '../app/payments/payment-service.js';
import type { Clock } from '../app/ports/clock.js';
import type { Logger } from '../app/ports/logger.js';
import type { OrderStore } from '../app/ports/order-store.js';
import type { PaymentProvider, WebhookVerifier } from '../app/ports/payment-provider.js';
import type { PaymentStore } from '../app/ports/payment-store.js';
import type { Principal } from '../app/ports/token-verifier.js';
import { DEFAULTS, type PaymentProviderConfig, type PaymentsConfig } from '../config/config.js';
import type { Order } from '../domain/ordering/order.js';

/** A provider as composition hands it over: Stripe verifies webhooks too. */
export type ConfiguredProvider = PaymentProvider & Partial<WebhookVerifier>;

/**
 * Stripe or the test provider. Stripe's adapter, its SDK and (with STRIPE_SECRET_ARN) its keys load on the
 * first payment call, so no cold start pays for them.
 */
export function createPaymentProvider(config: PaymentProviderConfig): ConfiguredProvider {
  if (config.name === 'test') return createTestPaymentProvider();
  let loading: Promise<PaymentProvider & WebhookVerifier> | undefined;
  const stripe = () => {
    loading ??= Promise.all([
      import('../adapters/payments/stripe-provider.js'),
      import('../adapters/payments/stripe-secret.js'),
    ]).then(([{ createStripeProvider }, { stripeKeysFromSecret }]) =>
      createStripeProvider({
        keys:
          'secretArn' in config
            ? stripeKeysFromSecret({ secretArn: config.secretArn })
            : // Jobs run without the webhook secret (config requires it of the API): they never verify one.
              { secretKey: config.secretKey, webhookSecret: config.webhookSecret ?? '' },
      }),
    );
    return loading;
  };
  return {
    name: 'stripe',
    createPayment: async (order) => (await stripe()).createPayment(order),
    refund: async (payment) => (await stripe()).refund(payment),
    verify: async (rawBody, signature) => (await stripe()).verify(rawBody, signature),
  };
}

export interface PaymentWiring {
  store: PaymentStore;
  orders: Pick<OrderStore, 'get' | 'transition'>;
  visibleOrder(caller: Principal | undefined, id: string, orderToken?: string): Promise<Order>;
  clock: Clock;
  logger: Logger;
  /** Tests: a provider of their own (Stripe over a fake HTTP client); default from config. */
  provider?: ConfiguredProvider;
}

/**
 * The payment store, calling `changed` after each write that may have put order events in the outbox (an
 * applied provider event, a recorded refund): composition kicks the event relay with it.
 */
export function notifyingPaymentStore(
  store: PaymentStore,
  changed: (orderId: string) => Promise<void>,
): PaymentStore {
  return {
    ...store,
    async applyEvent(provider, event, at) {
      const outcome = await store.applyEvent(provider, event, at);
      if (outcome.kind === 'applied') await changed(outcome.order.id);
      return outcome;
    },
    async recordRefund(orderId, refund, at) {
      const order = await store.recordRefund(orderId, refund, at);
      await changed(orderId);
      return order;
    },
  };
}

/** The payment service, or undefined without a provider (the API then has no payment routes). */
export function createPayments(
  config: PaymentsConfig | undefined,
  wiring: PaymentWiring,
): PaymentService | undefined {
  const settings = config?.provider;
  const provider = wiring.provider ?? (settings === undefined ? undefined : createPaymentProvider(settings));
  if (provider === undefined) return undefined;
  return lazyPaymentService({
    store: wiring.store,
    orders: wiring.orders,
    visibleOrder: wiring.visibleOrder,
    provider,
    ...(provider.verify === undefined ? {} : { webhooks: { verify: provider.verify } }),
    timeoutMinutes: config?.timeoutMinutes ?? Number(DEFAULTS.paymentTimeoutMinutes),
    clock: wiring.clock,
    logger: wiring.logger,
  });
}

/** The payment use cases, loaded by their first call (a chunk of their own: off the Lambda cold start). */
function lazyPaymentService(deps: PaymentServiceDeps): PaymentService {
  let loading: Promise<PaymentService> | undefined;
  const service = () => {
    loading ??= import('../app/payments/payment-service.js').then(({ createPaymentService }) =>
      createPaymentService(deps),
    );
    return loading;
  };
  return {
    provider: deps.provider.name,
    startPayment: async (...args) => (await service()).startPayment(...args),
    receiveStripeEvent: async (...args) => (await service()).receiveStripeEvent(...args),
    completeTestPayment: async (...args) => (await service()).completeTestPayment(...args),
    refundOrder: async (...args) => (await service()).refundOrder(...args),
    expireUnpaidOrders: async () => (await service()).expireUnpaidOrders(),
  };
}
