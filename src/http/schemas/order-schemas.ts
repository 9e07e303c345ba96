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
import { storableText } from '../../domain/shared/storable-text.js';
import * as z from '../../domain/shared/zod.js';
import { cursorSchema, limitSchema, pageSchema, problemSchema } from './common-schemas.js';

export const placeOrderBodySchema = placeOrderInputSchema.clone().register(z.globalRegistry, {
  id: 'PlaceOrderInput',
  description: 'Either a cart of yours to check out (the cart is left as it is), or the lines themselves.',
  example: { items: [{ productId: 'q2Lm8Xw0RtY7uVb3nKc5', quantity: 2 }] },
});

export const orderStatusBodySchema = orderStatusChangeSchema.clone().register(z.globalRegistry, {
  id: 'OrderStatusChange',
  example: { status: 'paid' },
});

/** Required on POST /orders: exactly-once placement hangs on it. */
export const placeOrderHeadersSchema = z.object({
  'idempotency-key': z
    .string()
    .check(z.regex(IDEMPOTENCY_KEY_FORMAT, IDEMPOTENCY_KEY_FORMAT_MESSAGE))
    .register(z.globalRegistry, {
      description:
        'Required. Same key and body: the first outcome again, no second order (keys are kept with the order, they do not expire). Use a new key for a new attempt.',
      example: '0f9b3c2e-8d1a-4f6b-9e7c-5a4b3c2d1e0f',
    }),
});

const orderLineSchema = z.object({
  productId: idSchema,
  sku: z.string(),
  name: z.string(),
  quantity: z.number().check(z.int(), z.minimum(1)),
  unitPrice: moneySchema
    .clone()
    .register(z.globalRegistry, { description: 'The price when the order was placed.' }),
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
  .register(z.globalRegistry, {
    id: 'Order',
    example: {
      id: 'Hk2mS0x9QpLr7Tv4Wb1c',
      customerId: 'alice',
      status: 'placed',
      items: [
        {
          productId: 'q2Lm8Xw0RtY7uVb3nKc5',
          sku: 'MUG-LOGO-1',
          name: 'Slimshop Logo Mug',
          quantity: 2,
          unitPrice: { amount: 1450, currency: 'EUR' },
        },
      ],
      total: { amount: 2900, currency: 'EUR' },
      createdAt: '2026-03-01T12:06:00.000Z',
      updatedAt: '2026-03-01T12:06:00.000Z',
    },
  });

export const orderPageSchema = pageSchema(orderSchema, 'OrderPage');

export const orderListQuerySchema = z.object({
  limit: limitSchema,
  cursor: cursorSchema,
  // Compared with stored customer ids in SQL: text the database cannot hold is a 400, not a failed query.
  customerId: z.optional(storableText(z.minLength(1), z.maxLength(256))).register(z.globalRegistry, {
    description: "Admins: one customer's orders. Customers always get their own.",
  }),
});

export const stockProblemSchema = z
  .extend(problemSchema, {
    products: z
      .array(
        z.object({
          productId: idSchema,
          requested: z.number().check(z.int()),
          available: z.number().check(z.int()),
        }),
      )
      .register(z.globalRegistry, {
        description: 'Every line that could not be served; nothing was reserved.',
      }),
  })
  .register(z.globalRegistry, { id: 'InsufficientStockProblem' });

/** The two 409s of POST /orders: not enough stock, or the same Idempotency-Key still being processed. */
export const placeOrderConflictSchema = z.union([stockProblemSchema, problemSchema]);
