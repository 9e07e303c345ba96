import { ordersAndInventory } from './0001-orders-and-inventory.js';
import { checkoutSettings } from './0002-checkout-settings.js';
import { orderCheckout } from './0003-order-checkout.js';
import { paymentsAndEvents } from './0004-payments-and-events.js';
import { paymentIndexes } from './0005-payment-indexes.js';
import { placeOrderFunction } from './0006-place-order-function.js';
import { placeOrderPlans } from './0007-place-order-plans.js';
import { relayTake } from './0008-relay-take.js';
import type { Migration } from './migration.js';

/** Every migration, in the order they apply. Append only. */
export const MIGRATIONS: readonly Migration[] = [
  ordersAndInventory,
  checkoutSettings,
  orderCheckout,
  paymentsAndEvents,
  paymentIndexes,
  placeOrderFunction,
  placeOrderPlans,
  relayTake,
];
