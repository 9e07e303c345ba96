import { ORDER_EVENT_TYPES } from '../../domain/ordering/order-event.js';
import { idSchema } from '../../domain/shared/ids.js';
import * as z from '../../domain/shared/zod.js';
import { limitSchema, pageSchema } from './common-schemas.js';
import { orderSchema } from './order-schemas.js';

export const orderEventSchema = z
  .object({
    id: z.string().register(z.globalRegistry, { description: 'The dedupe key.' }),
    type: z.enum(ORDER_EVENT_TYPES),
    occurredAt: z.iso.datetime(),
    orderId: idSchema,
    sequence: z
      .number()
      .check(z.int(), z.minimum(1))
      .register(z.globalRegistry, { description: '1, 2, 3, ... per order.' }),
    order: orderSchema,
  })
  .register(z.globalRegistry, {
    id: 'OrderEvent',
    description: 'One change of one order (EventBridge `detail`).',
  });

export const orderEventPageSchema = pageSchema(orderEventSchema, 'OrderEventPage');

export const orderEventListQuerySchema = z.object({
  after: z.optional(z.string().check(z.minLength(1), z.maxLength(2048))).register(z.globalRegistry, {
    description: '`nextCursor` of the previous page.',
  }),
  type: z
    .optional(z.enum(ORDER_EVENT_TYPES))
    .register(z.globalRegistry, { description: 'Only events of this type.' }),
  limit: limitSchema,
});
