import { z } from 'zod';

// ICU's list of ISO 4217 codes, so we carry no hand-written table that could go stale.
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

export const currencySchema = z
  .string()
  .refine((code) => CURRENCIES.has(code), 'must be an ISO 4217 currency code such as "EUR"');

/** Money in integer minor units (cents): no floating point anywhere near a price. */
export const moneySchema = z.strictObject({
  amount: z.number().int('must be an integer number of minor units').min(0).max(Number.MAX_SAFE_INTEGER),
  currency: currencySchema,
});

export type Money = z.infer<typeof moneySchema>;
