import type { Hono } from 'hono';
import type { AppEnv } from '../app-env.js';
import { principalOf } from '../middleware/auth.js';
import { idempotentPerPath } from '../middleware/idempotency.js';
import { route } from '../route.js';
import {
  cartItemBodySchema,
  cartItemParamsSchema,
  cartSchema,
  newCartBodySchema,
} from '../schemas/cart-schemas.js';
import {
  bearerSecurity,
  idempotencyHeaderSchema,
  idempotentResponses,
  idParamsSchema,
  json,
  jsonResponse,
  locationHeader,
  problemResponses,
} from '../schemas/common-schemas.js';
import { type OrderingRouteDeps, requireShopper } from './ordering-route-deps.js';

/** Carts hold personal data and prices of the moment: never cached anywhere. */
const NO_STORE = { 'cache-control': 'no-store' };

export function registerCartRoutes(app: Hono<AppEnv>, deps: OrderingRouteDeps): void {
  const { ordering } = deps;
  const shopper = requireShopper();
  const cart = jsonResponse(cartSchema);

  route(
    app,
    {
      method: 'post',
      path: '/carts',
      operationId: 'createCart',
      tags: ['carts'],
      summary: 'Create an empty cart of your own',
      security: bearerSecurity,
      middleware: [shopper, idempotentPerPath(deps.idempotency, deps.logger)] as const,
      request: {
        headers: idempotencyHeaderSchema,
        body: { required: false, content: json(newCartBodySchema) },
      },
      responses: idempotentResponses({
        201: { ...cart('Created; it expires a week after its last change.'), headers: locationHeader },
        ...problemResponses(400, 401, 403, 413, 415),
      }),
    },
    async (c) => {
      const created = await ordering.createCart(principalOf(c));
      return c.json(created, 201, { ...NO_STORE, location: `/carts/${created.id}` });
    },
  );

  route(
    app,
    {
      method: 'get',
      path: '/carts/{id}',
      operationId: 'getCart',
      tags: ['carts'],
      summary: 'Get your cart, priced with the current catalog',
      security: bearerSecurity,
      middleware: [shopper] as const,
      request: { params: idParamsSchema },
      responses: {
        200: cart('The cart; lines whose product is gone or inactive say available: false.'),
        ...problemResponses(400, 401, 403, 404),
      },
    },
    async (c) => {
      const found = await ordering.getCart(principalOf(c), c.req.valid('param').id);
      return c.json(found, 200, NO_STORE);
    },
  );

  route(
    app,
    {
      method: 'put',
      path: '/carts/{id}/items/{productId}',
      operationId: 'setCartItem',
      tags: ['carts'],
      summary: 'Set the quantity of one product in your cart (0 removes it)',
      security: bearerSecurity,
      middleware: [shopper] as const,
      request: {
        params: cartItemParamsSchema,
        body: { required: true, content: json(cartItemBodySchema) },
      },
      responses: {
        200: cart('The cart after the change.'),
        ...problemResponses(400, 401, 403, 404, 409, 413, 415, 422),
      },
    },
    async (c) => {
      const { id, productId } = c.req.valid('param');
      const { quantity } = c.req.valid('json');
      const changed = await ordering.setCartItem(principalOf(c), id, productId, quantity);
      return c.json(changed, 200, NO_STORE);
    },
  );
}
