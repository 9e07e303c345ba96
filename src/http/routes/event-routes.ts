import type { Hono } from 'hono';
import type { OrderEventOutbox } from '../../app/ports/order-events.js';
import type { OrderEvent } from '../../domain/ordering/order-event.js';
import type { AppEnv } from '../app-env.js';
import { requireRole } from '../middleware/auth.js';
import { inQuery } from '../respond.js';
import { route } from '../route.js';
import { bearerSecurity, json, problemResponses } from '../schemas/common-schemas.js';
import { orderEventListQuerySchema, orderEventPageSchema } from '../schemas/event-schemas.js';
import { orderBody } from './order-bodies.js';

/** What GET /events reads: the outbox's list. */
export type OrderEventLog = Pick<OrderEventOutbox, 'list'>;

export function registerEventRoutes(app: Hono<AppEnv>, deps: { events: OrderEventLog }): void {
  route(
    app,
    {
      method: 'get',
      path: '/events',
      operationId: 'listEvents',
      tags: ['events'],
      summary: 'The order event outbox, oldest first (admin)',
      description: 'Published or not. For operators and tests: consumers read the bus (docs/events.md).',
      security: bearerSecurity,
      middleware: [requireRole('admin')] as const,
      request: { query: orderEventListQuerySchema },
      responses: {
        200: { description: 'One page.', content: json(orderEventPageSchema) },
        ...problemResponses(400, 401, 403),
      },
    },
    async (c) => {
      const { after, type, limit } = c.req.valid('query');
      const page = await inQuery(() => deps.events.list({ limit, after, type }));
      return c.json({ items: page.items.map(eventBody), nextCursor: page.nextCursor }, 200, {
        'cache-control': 'private, no-cache',
      });
    },
  );
}

/** The snapshot with the members GET /orders/{id} shows, whichever version of the order code wrote it. */
const eventBody = (event: OrderEvent) => ({
  id: event.id,
  type: event.type,
  occurredAt: event.occurredAt,
  orderId: event.orderId,
  sequence: event.sequence,
  order: orderBody(event.order),
});
