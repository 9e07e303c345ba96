import { moneySchema } from '../../domain/catalog/money.js';
import { TAX_CLASSES } from '../../domain/catalog/tax-class.js';
import { addressSchema } from '../../domain/ordering/address.js';
import {
  ORDER_STATUSES,
  orderStatusChangeSchema,
  placeOrderInputSchema,
  quoteInputSchema,
  REFUND_STATUSES,
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
  description:
    "Either a cart to check out (the cart is left as it is) or, signed in, the lines themselves; and the checkout choices. Guests (no Authorization) order a guest cart and must give `email` and `shippingAddress`. `email` defaults to the token's email claim; `billingAddress` to the shipping address; `shippingMethodId` needs a `shippingAddress` in a country the method serves.",
  example: {
    cartId: 'Jk3nB8sQ1xZ4vT7wY0cE2mPa',
    email: 'ada@example.com',
    shippingAddress: {
      name: 'Ada Lovelace',
      line1: 'Unter den Linden 1',
      postalCode: '10117',
      city: 'Berlin',
      country: 'DE',
    },
    shippingMethodId: 'standard',
    discountCode: 'WELCOME10',
  },
});

export const addressBodySchema = addressSchema.clone().register(z.globalRegistry, {
  id: 'Address',
  example: {
    name: 'Ada Lovelace',
    line1: 'Unter den Linden 1',
    postalCode: '10117',
    city: 'Berlin',
    country: 'DE',
  },
});

export const quoteBodySchema = quoteInputSchema.clone().register(z.globalRegistry, {
  id: 'QuoteInput',
  description: 'The checkout choices to price the cart with; all optional. Nothing is reserved.',
  example: {
    shippingAddress: {
      name: 'Ada Lovelace',
      line1: 'Unter den Linden 1',
      postalCode: '10117',
      city: 'Berlin',
      country: 'DE',
    },
    shippingMethodId: 'standard',
    discountCode: 'WELCOME10',
  },
});

/** GET /orders/{id} and POST /orders/{id}/cancel: a guest's key to their order. */
export const orderTokenHeaderSchema = z.object({
  'x-order-token': z.optional(
    z
      .string()
      .check(z.regex(/^[A-Za-z0-9_-]{20,100}$/, "must be the accessToken of the order's 201"))
      .register(z.globalRegistry, {
        description: 'Guests: the `accessToken` their order came with (no Authorization needed).',
      }),
  ),
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

const money = (description: string) => moneySchema.clone().register(z.globalRegistry, { description });

const pricedLineShape = {
  productId: idSchema,
  sku: z.string(),
  name: z.string(),
  quantity: z.number().check(z.int(), z.minimum(1)),
  unitPrice: money('The catalog price of one unit (tax included when prices include tax).'),
  taxClass: z.enum(TAX_CLASSES),
  lineTotal: money('unitPrice × quantity, before the discount.'),
  discountAmount: money("This line's share of the discount."),
  taxRate: z.number().register(z.globalRegistry, { description: 'Percent.' }),
  taxAmount: money('Tax of this line after its discount share, rounded half up.'),
};

const shippingLineSchema = z.object({
  methodId: idSchema,
  name: z.string(),
  amount: moneySchema,
  taxRate: z.number(),
  taxAmount: moneySchema,
});

const totalsShape = {
  shipping: z.nullable(shippingLineSchema),
  discount: z.nullable(z.object({ code: z.string(), amount: moneySchema })),
  subtotal: money('The lines at catalog prices.'),
  discountTotal: moneySchema,
  shippingTotal: moneySchema,
  taxTotal: money('Included in the total when prices include tax, added to it otherwise.'),
  total: moneySchema,
};

const EXAMPLE_ADDRESS = {
  name: 'Ada Lovelace',
  line1: 'Unter den Linden 1',
  postalCode: '10117',
  city: 'Berlin',
  country: 'DE',
};
const EXAMPLE_LINE = {
  productId: 'q2Lm8Xw0RtY7uVb3nKc5',
  sku: 'MUG-LOGO-1',
  name: 'Slimshop Logo Mug',
  quantity: 2,
  unitPrice: { amount: 1450, currency: 'EUR' },
  taxClass: 'standard',
  lineTotal: { amount: 2900, currency: 'EUR' },
  discountAmount: { amount: 290, currency: 'EUR' },
  taxRate: 19,
  taxAmount: { amount: 417, currency: 'EUR' },
};
const EXAMPLE_TOTALS = {
  shipping: {
    methodId: 'standard',
    name: 'Standard (DE/AT)',
    amount: { amount: 490, currency: 'EUR' },
    taxRate: 19,
    taxAmount: { amount: 78, currency: 'EUR' },
  },
  discount: { code: 'WELCOME10', amount: { amount: 290, currency: 'EUR' } },
  subtotal: { amount: 2900, currency: 'EUR' },
  discountTotal: { amount: 290, currency: 'EUR' },
  shippingTotal: { amount: 490, currency: 'EUR' },
  taxTotal: { amount: 495, currency: 'EUR' },
  total: { amount: 3100, currency: 'EUR' },
};

export const orderSchema = z
  .object({
    id: idSchema,
    customerId: z
      .nullable(z.string())
      .register(z.globalRegistry, { description: "null for a guest's order." }),
    status: z.enum(ORDER_STATUSES),
    email: z.nullable(z.string()).register(z.globalRegistry, {
      description: 'Where order messages go; null only on orders placed before checkout asked for one.',
    }),
    shippingAddress: z.nullable(addressBodySchema),
    billingAddress: z.nullable(addressBodySchema),
    items: z.array(z.object(pricedLineShape)),
    ...totalsShape,
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    refund: z
      .nullable(z.object({ status: z.enum(REFUND_STATUSES), amount: moneySchema }))
      .register(z.globalRegistry, {
        description:
          "A cancelled order's refund of its payment: `pending` until the provider confirms it. null when there is none.",
      }),
    accessToken: z.optional(z.string()).register(z.globalRegistry, {
      description:
        "Only in a guest's 201 (and that request's replays): send it as X-Order-Token to read or cancel the order. It is not shown again.",
    }),
  })
  .register(z.globalRegistry, {
    id: 'Order',
    example: {
      id: 'Hk2mS0x9QpLr7Tv4Wb1c',
      customerId: 'alice',
      status: 'placed',
      email: 'alice@example.com',
      shippingAddress: EXAMPLE_ADDRESS,
      billingAddress: EXAMPLE_ADDRESS,
      items: [EXAMPLE_LINE],
      ...EXAMPLE_TOTALS,
      createdAt: '2026-03-01T12:06:00.000Z',
      updatedAt: '2026-03-01T12:06:00.000Z',
      refund: null,
    },
  });

export const quoteSchema = z
  .object({ items: z.array(z.object(pricedLineShape)), ...totalsShape, currency: z.string() })
  .register(z.globalRegistry, {
    id: 'Quote',
    description: 'What the order would cost: computed by the same code that prices the order.',
    example: { items: [EXAMPLE_LINE], ...EXAMPLE_TOTALS, currency: 'EUR' },
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
