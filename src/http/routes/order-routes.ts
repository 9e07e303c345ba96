import type { Hono } from 'hono';
import { idempotencyKeyReusedError } from '../../domain/shared/idempotency-key.js';
import * as z from '../../domain/shared/zod.js';
import type { AppEnv } from '../app-env.js';
import { principalOf, requireRole } from '../middleware/auth.js';
import { idempotentPerPath } from '../middleware/idempotency.js';
import { PROBLEM_CONTENT_TYPE } from '../problem.js';
import { inQuery } from '../respond.js';
import { route } from '../route.js';
import {
  bearerSecurity,
  idempotencyHeaderSchema,
  idempotentResponses,
  idParamsSchema,
  json,
  jsonResponse,
  locationHeader,
  optionalBearerSecurity,
  problemResponses,
  replayedHeader,
} from '../schemas/common-schemas.js';
import {
  orderListQuerySchema,
  orderPageSchema,
  orderSchema,
  orderStatusBodySchema,
  orderTokenHeaderSchema,
  placeOrderBodySchema,
  placeOrderConflictSchema,
  placeOrderHeadersSchema,
} from '../schemas/order-schemas.js';
import { orderBody, placedBody, stockProblem } from './order-bodies.js';
import { allowGuests, type OrderingRouteDeps, requireShopper } from './ordering-route-deps.js';

const PRIVATE = { 'cache-control': 'private, no-cache' };

export function registerOrderRoutes(app: Hono<AppEnv>, deps: OrderingRouteDeps): void {
  const { ordering } = deps;
  const shopper = requireShopper();
  const guestOrShopper = allowGuests();
  const order = jsonResponse(orderSchema);

  route(
    app,
    {
      method: 'post',
      path: '/orders',
      operationId: 'placeOrder',
      tags: ['orders'],
      summary: 'Place an order, exactly once per Idempotency-Key (customers, or guests with a guest cart)',
      description:
        'In one transaction: prices the lines with shipping, discount and tax (as the quote does), reserves stock for every line or for none, and redeems the discount code (never past its maxRedemptions). Prices, names, SKUs and tax are copied onto the order. A guest (no Authorization) orders a guest cart, gives `email` and `shippingAddress`, and gets an `accessToken` with the 201 to read or cancel the order (X-Order-Token).',
      security: optionalBearerSecurity,
      middleware: [guestOrShopper] as const,
      request: {
        headers: placeOrderHeadersSchema,
        body: { required: true, content: json(placeOrderBodySchema) },
      },
      responses: {
        201: { ...order('Placed.'), headers: { ...locationHeader, ...replayedHeader } },
        ...problemResponses(400, 401, 403, 413, 415, 422),
        409: {
          description:
            'Not enough stock for the products named in `errors` and `products` (nothing was reserved; a retry with the same key gets this again), or a request with this Idempotency-Key is still being processed (a plain problem: retry shortly).',
          headers: replayedHeader,
          content: { [PROBLEM_CONTENT_TYPE]: { schema: placeOrderConflictSchema } },
        },
      },
    },
    async (c) => {
      const input = c.req.valid('json');
      const key = c.req.valid('header')['idempotency-key'];
      const result = await ordering.placeOrder(c.get('principal'), input, key, c.get('requestId'));
      if (result.kind === 'key_reused') throw idempotencyKeyReusedError();
      const replayed = result.kind === 'replayed';
      const outcome = result.kind === 'replayed' ? result.outcome : result;
      const headers: Record<string, string> = replayed ? { 'idempotent-replayed': 'true' } : {};
      if (outcome.kind === 'placed') {
        const placed = outcome.order;
        return c.json(placedBody(placed, outcome.accessToken), 201, {
          ...headers,
          location: `/orders/${placed.id}`,
          // A guest's 201 holds the key to the order: no cache may keep it.
          'cache-control': 'no-store',
        });
      }
      return c.json(stockProblem(input, outcome), 409, {
        ...headers,
        'Content-Type': PROBLEM_CONTENT_TYPE,
      });
    },
  );

  route(
    app,
    {
      method: 'get',
      path: '/orders',
      operationId: 'listOrders',
      tags: ['orders'],
      summary: 'List orders, newest first (yours; admins: everyone or one customer)',
      security: bearerSecurity,
      middleware: [shopper] as const,
      request: { query: orderListQuerySchema },
      responses: {
        200: { description: 'One page.', content: json(orderPageSchema) },
        ...problemResponses(400, 401, 403),
      },
    },
    async (c) => {
      const page = await inQuery(() => ordering.listOrders(principalOf(c), c.req.valid('query')));
      return c.json({ items: page.items.map(orderBody), nextCursor: page.nextCursor }, 200, PRIVATE);
    },
  );

  route(
    app,
    {
      method: 'get',
      path: '/orders/{id}',
      operationId: 'getOrder',
      tags: ['orders'],
      summary: "Get an order (yours; a guest's with X-Order-Token; admins: any)",
      security: optionalBearerSecurity,
      middleware: [guestOrShopper] as const,
      request: { params: idParamsSchema, headers: orderTokenHeaderSchema },
      responses: { 200: order('The order.'), ...problemResponses(400, 401, 403, 404) },
    },
    async (c) => {
      const found = await ordering.getOrder(
        c.get('principal'),
        c.req.valid('param').id,
        c.req.valid('header')['x-order-token'],
      );
      return c.json(orderBody(found), 200, PRIVATE);
    },
  );

  route(
    app,
    {
      method: 'post',
      path: '/orders/{id}/cancel',
      operationId: 'cancelOrder',
      tags: ['orders'],
      summary:
        "Cancel an order, releasing its stock and discount redemption (yours or a guest's with X-Order-Token while placed; admins while placed or paid)",
      security: optionalBearerSecurity,
      middleware: [guestOrShopper, idempotentPerPath(deps.idempotency, deps.logger)] as const,
      request: {
        params: idParamsSchema,
        headers: z.extend(idempotencyHeaderSchema, orderTokenHeaderSchema.shape),
      },
      responses: idempotentResponses({
        200: order('Cancelled; the stock is back.'),
        ...problemResponses(400, 401, 403, 404, 409),
      }),
    },
    async (c) => {
      const cancelled = await ordering.cancelOrder(
        c.get('principal'),
        c.req.valid('param').id,
        c.req.valid('header')['x-order-token'],
      );
      return c.json(orderBody(cancelled), 200);
    },
  );

  route(
    app,
    {
      method: 'post',
      path: '/orders/{id}/status',
      operationId: 'changeOrderStatus',
      tags: ['orders'],
      summary: 'Move an order one step: placed → paid → shipped → delivered, or cancelled (admin)',
      security: bearerSecurity,
      middleware: [requireRole('admin'), idempotentPerPath(deps.idempotency, deps.logger)] as const,
      request: {
        params: idParamsSchema,
        headers: idempotencyHeaderSchema,
        body: { required: true, content: json(orderStatusBodySchema) },
      },
      responses: idempotentResponses({
        200: order('Moved.'),
        ...problemResponses(400, 401, 403, 404, 409, 413, 415),
      }),
    },
    async (c) => {
      const moved = await ordering.changeOrderStatus(c.req.valid('param').id, c.req.valid('json').status);
      return c.json(orderBody(moved), 200);
    },
  );
}
