import type { Hono } from 'hono';
import type { AppEnv } from '../app-env.js';
import { idempotentPerPath } from '../middleware/idempotency.js';
import { route } from '../route.js';
import {
  cartItemBodySchema,
  cartItemParamsSchema,
  cartSchema,
  newCartBodySchema,
} from '../schemas/cart-schemas.js';
import {
  idempotencyHeaderSchema,
  idempotentResponses,
  idParamsSchema,
  json,
  jsonResponse,
  locationHeader,
  optionalBearerSecurity,
  problemResponses,
} from '../schemas/common-schemas.js';
import { quoteBodySchema, quoteSchema } from '../schemas/order-schemas.js';
import { quoteBody } from './order-bodies.js';
import { allowGuests, type OrderingRouteDeps } from './ordering-route-deps.js';

/** Carts hold personal data and prices of the moment: never cached anywhere. */
const NO_STORE = { 'cache-control': 'no-store' };

export function registerCartRoutes(app: Hono<AppEnv>, deps: OrderingRouteDeps): void {
  const { ordering } = deps;
  const shopper = allowGuests();
  const cart = jsonResponse(cartSchema);

  route(
    app,
    {
      method: 'post',
      path: '/carts',
      operationId: 'createCart',
      tags: ['carts'],
      summary: 'Create an empty cart: your own, or without a token a guest cart',
      description:
        'A guest cart (no Authorization) has `customerId: null` and an id of about 144 random bits: the id is the only key to it, so keep it as you would a password.',
      security: optionalBearerSecurity,
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
      const created = await ordering.createCart(c.get('principal'));
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
      summary: 'Get your cart or a guest cart, priced with the current catalog',
      security: optionalBearerSecurity,
      middleware: [shopper] as const,
      request: { params: idParamsSchema },
      responses: {
        200: cart('The cart; lines whose product is gone or inactive say available: false.'),
        ...problemResponses(400, 401, 403, 404),
      },
    },
    async (c) => {
      const found = await ordering.getCart(c.get('principal'), c.req.valid('param').id);
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
      summary: 'Set the quantity of one product in your cart or a guest cart (0 removes it)',
      security: optionalBearerSecurity,
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
      const changed = await ordering.setCartItem(c.get('principal'), id, productId, quantity);
      return c.json(changed, 200, NO_STORE);
    },
  );

  route(
    app,
    {
      method: 'post',
      path: '/carts/{id}/quote',
      operationId: 'quoteCart',
      tags: ['carts'],
      summary: 'Price the cart for checkout: shipping, discount and tax, as the order would be',
      description:
        'Computed by the same code that prices the order: placing the order with the same choices gives the same totals (unless the catalog or the settings change in between). Reserves nothing.',
      security: optionalBearerSecurity,
      middleware: [shopper] as const,
      request: { params: idParamsSchema, body: { required: false, content: json(quoteBodySchema) } },
      responses: {
        200: { description: 'The quote.', content: json(quoteSchema) },
        ...problemResponses(400, 401, 403, 413, 415, 422),
      },
    },
    async (c) => {
      const quote = await ordering.quote(
        c.get('principal'),
        c.req.valid('param').id,
        c.req.valid('json') ?? {},
      );
      return c.json(quoteBody(quote), 200, NO_STORE);
    },
  );
}
