import { z } from 'zod';
import { moneySchema } from '../../domain/catalog/money.js';
import { cartItemInputSchema } from '../../domain/ordering/cart.js';
import { idSchema } from '../../domain/shared/ids.js';

export const cartItemBodySchema = cartItemInputSchema.meta({
  id: 'CartItemInput',
  description: 'The quantity of this product in the cart; 0 removes the line.',
  example: { quantity: 2 },
});

/** A path parameter named `productId` (the id of a catalog product). */
export const productIdParam = idSchema.meta({
  param: { name: 'productId', in: 'path' },
  example: 'q2Lm8Xw0RtY7uVb3nKc5',
});

export const cartItemParamsSchema = z.object({
  id: idSchema.meta({ param: { name: 'id', in: 'path' }, example: 'w8Jx3kq0PZbV9sT2mYc1' }),
  productId: productIdParam,
});

const nullableMoney = moneySchema.nullable();

const cartLineSchema = z.object({
  productId: idSchema,
  sku: z.string().nullable().meta({ description: 'null when the product no longer exists.' }),
  name: z.string().nullable(),
  quantity: z.number().int().min(1),
  unitPrice: nullableMoney.meta({ description: "The catalog's current price; null when not available." }),
  lineTotal: nullableMoney,
  available: z.boolean().meta({
    description: 'false when the product was deleted or is no longer active: it counts in no total.',
  }),
});

export const cartSchema = z
  .object({
    id: idSchema,
    customerId: z.string(),
    items: z.array(cartLineSchema).meta({ description: 'By product id.' }),
    totals: z
      .array(moneySchema)
      .meta({ description: 'One total per currency of the available lines, by currency code.' }),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    expiresAt: z.iso
      .datetime()
      .meta({ description: 'A week after the last change; after it the cart is gone.' }),
  })
  .meta({ id: 'Cart' });
