import { z } from 'zod';
import { moneySchema } from '../../domain/catalog/money.js';
import {
  ORDER_STATUSES,
  orderStatusChangeSchema,
  placeOrderInputSchema,
} from '../../domain/ordering/order.js';
import {
  IDEMPOTENCY_KEY_FORMAT,
  IDEMPOTENCY_KEY_FORMAT_MESSAGE,
} from '../../domain/shared/idempotency-key.js';
import { idSchema } from '../../domain/shared/ids.js';
import { cursorSchema, limitSchema, pageSchema, problemSchema } from './common-schemas.js';

export const placeOrderBodySchema = placeOrderInputSchema.meta({
  id: 'PlaceOrderInput',
  description: 'Either a cart of yours to check out (the cart is left as it is), or the lines themselves.',
  example: { items: [{ productId: 'q2Lm8Xw0RtY7uVb3nKc5', quantity: 2 }] },
});

export const orderStatusBodySchema = orderStatusChangeSchema.meta({
  id: 'OrderStatusChange',
  example: { status: 'paid' },
});

/** Required on POST /orders: exactly-once placement hangs on it. */
export const placeOrderHeadersSchema = z.object({
  'idempotency-key': z.string().regex(IDEMPOTENCY_KEY_FORMAT, IDEMPOTENCY_KEY_FORMAT_MESSAGE).meta({
    description:
      'Required. Same key and body: the first outcome again, no second order (keys are kept with the order, they do not expire). Use a new key for a new attempt.',
    example: '0f9b3c2e-8d1a-4f6b-9e7c-5a4b3c2d1e0f',
  }),
});

const orderLineSchema = z.object({
  productId: idSchema,
  sku: z.string(),
  name: z.string(),
  quantity: z.number().int().min(1),
  unitPrice: moneySchema.meta({ description: 'The price when the order was placed.' }),
});

export const orderSchema = z
  .object({
    id: idSchema,
    customerId: z.string(),
    status: z.enum(ORDER_STATUSES),
    items: z.array(orderLineSchema),
    total: moneySchema,
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Order' });

export const orderPageSchema = pageSchema(orderSchema, 'OrderPage');

export const orderListQuerySchema = z.object({
  limit: limitSchema,
  cursor: cursorSchema,
  customerId: z
    .string()
    .min(1)
    .max(256)
    .optional()
    .meta({ description: "Admins: one customer's orders. Customers always get their own." }),
});

export const stockProblemSchema = problemSchema
  .extend({
    products: z
      .array(
        z.object({
          productId: idSchema,
          requested: z.number().int(),
          available: z.number().int(),
        }),
      )
      .meta({ description: 'Every line that could not be served; nothing was reserved.' }),
  })
  .meta({ id: 'InsufficientStockProblem' });
