import { moneySchema } from '../../domain/catalog/money.js';
import { TAX_CLASSES } from '../../domain/catalog/tax-class.js';
import { countrySchema } from '../../domain/ordering/address.js';
import { discountCodeInputSchema, discountCodeSchema } from '../../domain/ordering/discount-code.js';
import { shippingMethodInputSchema } from '../../domain/ordering/shipping-method.js';
import { taxRatesInputSchema } from '../../domain/ordering/tax-rates.js';
import { idSchema } from '../../domain/shared/ids.js';
import * as z from '../../domain/shared/zod.js';
import { cursorSchema, idParam, limitSchema, pageSchema } from './common-schemas.js';

const country = (description: string) =>
  countrySchema.clone().register(z.globalRegistry, { description, example: 'DE' });

// Shipping methods

export const shippingMethodParamsSchema = z.object({ id: idParam('standard') });

const shippingMethodExample = {
  name: 'Standard (DE/AT)',
  countries: ['DE', 'AT'],
  price: { amount: 490, currency: 'EUR' },
  freeAbove: { amount: 5000, currency: 'EUR' },
  taxClass: 'standard',
  active: true,
};

export const shippingMethodBodySchema = shippingMethodInputSchema.clone().register(z.globalRegistry, {
  id: 'ShippingMethodInput',
  description:
    'The whole method (a replace, not a patch). `freeAbove`: shipping is free once the lines of an order come to this much (same currency as `price`).',
  example: shippingMethodExample,
});

export const shippingMethodSchema = z
  .object({
    id: idSchema,
    name: z.string(),
    countries: z.array(z.string()),
    price: moneySchema,
    freeAbove: z.optional(moneySchema),
    taxClass: z.enum(TAX_CLASSES),
    active: z.boolean(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .register(z.globalRegistry, {
    id: 'ShippingMethod',
    example: {
      id: 'standard',
      ...shippingMethodExample,
      createdAt: '2026-03-01T12:00:00.000Z',
      updatedAt: '2026-03-01T12:00:00.000Z',
    },
  });

export const shippingMethodListSchema = pageSchema(shippingMethodSchema, 'ShippingMethodList');

export const shippingMethodListQuerySchema = z.object({
  country: z.optional(country('Only the active methods that ship to this country (ISO 3166-1 alpha-2).')),
  cartId: z.optional(idSchema).register(z.globalRegistry, {
    description:
      'A cart of yours (or a guest cart): each `price` is then what shipping costs for it, 0 once its lines reach `freeAbove`.',
  }),
});

// Tax rates

export const taxRatesParamsSchema = z.object({ country: country('ISO 3166-1 alpha-2, upper case.') });

export const taxRatesBodySchema = taxRatesInputSchema.clone().register(z.globalRegistry, {
  id: 'TaxRatesInput',
  description: 'VAT in percent (0 to 100, at most two decimals) for each tax class.',
  example: { standard: 19, reduced: 7, zero: 0 },
});

const percent = z.number().check(z.minimum(0), z.maximum(100));

export const taxRatesSchema = z
  .object({
    country: z.string(),
    standard: percent,
    reduced: percent,
    zero: percent,
    updatedAt: z.iso.datetime(),
  })
  .register(z.globalRegistry, {
    id: 'TaxRates',
    example: { country: 'DE', standard: 19, reduced: 7, zero: 0, updatedAt: '2026-03-01T12:00:00.000Z' },
  });

export const taxRatesPageSchema = pageSchema(taxRatesSchema, 'TaxRatesPage');

export const keyListQuerySchema = z.object({ limit: limitSchema, cursor: cursorSchema });

// Discount codes

export const discountCodeParamsSchema = z.object({
  code: discountCodeSchema.clone().register(z.globalRegistry, {
    description: 'Case-insensitive: `welcome10` is `WELCOME10`.',
    example: 'WELCOME10',
  }),
});

export const discountCodeBodySchema = discountCodeInputSchema.clone().register(z.globalRegistry, {
  id: 'DiscountCodeInput',
  description:
    '`percent`: `value` is whole percent off (1-100); `fixed`: `value` is an amount off. A replace keeps the redemptions counted so far.',
  example: { type: 'percent', value: 10, maxRedemptions: 1000, active: true },
});

export const discountCodeResponseSchema = z
  .object({
    code: z.string(),
    type: z.enum(['percent', 'fixed']),
    value: z.union([z.number().check(z.int()), moneySchema]),
    minSubtotal: z.optional(moneySchema),
    maxRedemptions: z.optional(z.number().check(z.int())),
    startsAt: z.optional(z.iso.datetime()),
    endsAt: z.optional(z.iso.datetime()),
    active: z.boolean(),
    redemptions: z.number().check(z.int(), z.minimum(0)).register(z.globalRegistry, {
      description: 'Orders that carry the code and were not cancelled before shipping.',
    }),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .register(z.globalRegistry, {
    id: 'DiscountCode',
    example: {
      code: 'WELCOME10',
      type: 'percent',
      value: 10,
      maxRedemptions: 1000,
      active: true,
      redemptions: 12,
      createdAt: '2026-03-01T12:00:00.000Z',
      updatedAt: '2026-03-01T12:00:00.000Z',
    },
  });

export const discountCodePageSchema = pageSchema(discountCodeResponseSchema, 'DiscountCodePage');
