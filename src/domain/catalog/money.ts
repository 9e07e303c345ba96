import * as z from '../shared/zod.js';

// ICU's list of ISO 4217 codes, so we carry no hand-written table that could go stale.
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

export const currencySchema = z
  .string()
  .check(z.refine((code) => CURRENCIES.has(code), 'must be an ISO 4217 currency code such as "EUR"'))
  // What a JSON Schema can say of that list (the OpenAPI document): every ISO 4217 code is three capitals.
  .register(z.globalRegistry, { pattern: '^[A-Z]{3}$', example: 'EUR' });

/** Money in integer minor units (cents): no floating point anywhere near a price. */
export const moneySchema = z.strictObject({
  amount: z
    .number()
    .check(
      z.int('must be an integer number of minor units'),
      z.minimum(0),
      z.maximum(Number.MAX_SAFE_INTEGER),
    ),
  currency: currencySchema,
});

export type Money = z.infer<typeof moneySchema>;
