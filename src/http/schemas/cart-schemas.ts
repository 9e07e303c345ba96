import { moneySchema } from '../../domain/catalog/money.js';
import { cartItemInputSchema } from '../../domain/ordering/cart.js';
import { idSchema } from '../../domain/shared/ids.js';
import * as z from '../../domain/shared/zod.js';
import { idParam } from './common-schemas.js';

export const cartItemBodySchema = cartItemInputSchema.clone().register(z.globalRegistry, {
  id: 'CartItemInput',
  description: 'The quantity of this product in the cart; 0 removes the line.',
  example: { quantity: 2 },
});

/** POST /carts takes no fields yet: no body, or an empty object (anything else is a 400). */
export const newCartBodySchema = z.strictObject({}).register(z.globalRegistry, {
  id: 'NewCart',
  description: 'Optional: a new cart is always empty and belongs to the caller.',
  example: {},
});

/** A path parameter named `productId` (the id of a catalog product). */
export const productIdParam = idParam('q2Lm8Xw0RtY7uVb3nKc5');

export const cartItemParamsSchema = z.object({
  id: idParam('w8Jx3kq0PZbV9sT2mYc1'),
  productId: productIdParam,
});

const nullableMoney = z.nullable(moneySchema);

const cartLineSchema = z.object({
  productId: idSchema,
  sku: z
    .nullable(z.string())
    .register(z.globalRegistry, { description: 'null when the product no longer exists.' }),
  name: z.nullable(z.string()),
  quantity: z.number().check(z.int(), z.minimum(1)),
  unitPrice: nullableMoney
    .clone()
    .register(z.globalRegistry, { description: "The catalog's current price; null when not available." }),
  lineTotal: nullableMoney,
  available: z.boolean().register(z.globalRegistry, {
    description: 'false when the product was deleted or is no longer active: it counts in no total.',
  }),
});

export const cartSchema = z
  .object({
    id: idSchema,
    customerId: z.nullable(z.string()).register(z.globalRegistry, { description: 'null for a guest cart.' }),
    items: z.array(cartLineSchema).register(z.globalRegistry, { description: 'By product id.' }),
    totals: z.array(moneySchema).register(z.globalRegistry, {
      description: 'One total per currency of the available lines, by currency code.',
    }),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    expiresAt: z.iso.datetime().register(z.globalRegistry, {
      description: 'A week after the last change; after it the cart is gone.',
    }),
  })
  .register(z.globalRegistry, {
    id: 'Cart',
    example: {
      id: 'w8Jx3kq0PZbV9sT2mYc1',
      customerId: 'alice',
      items: [
        {
          productId: 'q2Lm8Xw0RtY7uVb3nKc5',
          sku: 'MUG-LOGO-1',
          name: 'Slimshop Logo Mug',
          quantity: 2,
          unitPrice: { amount: 1450, currency: 'EUR' },
          lineTotal: { amount: 2900, currency: 'EUR' },
          available: true,
        },
        {
          productId: 'Zt0ab3',
          sku: null,
          name: null,
          quantity: 1,
          unitPrice: null,
          lineTotal: null,
          available: false,
        },
      ],
      totals: [{ amount: 2900, currency: 'EUR' }],
      createdAt: '2026-03-01T12:00:00.000Z',
      updatedAt: '2026-03-01T12:05:00.000Z',
      expiresAt: '2026-03-08T12:05:00.000Z',
    },
  });
