import type { MiddlewareHandler } from 'hono';
import type { OrderingService } from '../../app/ordering/ordering-service.js';
import type { IdempotencyStore } from '../../app/ports/idempotency-store.js';
import type { Logger } from '../../app/ports/logger.js';
import type { AppEnv } from '../app-env.js';
import { requireAnyRole } from '../middleware/auth.js';

/** What the cart, order and inventory routes need from the app's dependencies. */
export interface OrderingRouteDeps {
  ordering: OrderingService;
  idempotency: IdempotencyStore;
  logger: Logger;
}

/** Carts and orders are for customers; admins may shop too (their `sub` owns what they create). */
export const requireShopper = () => requireAnyRole('customer', 'admin');

/**
 * Guests welcome: anonymous callers pass (the use case decides what a guest may do), signed-in callers
 * need a shopper's role as on requireShopper.
 */
export function allowGuests(): MiddlewareHandler<AppEnv> {
  const shopper = requireShopper();
  return (c, next) => (c.get('principal') === undefined ? next() : shopper(c, next));
}
