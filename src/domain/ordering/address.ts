import { storableText } from '../shared/storable-text.js';
import * as z from '../shared/zod.js';

// ICU knows every ISO 3166-1 alpha-2 region: a code it cannot name is not a country. It also names a few
// codes that are regions but no country (the EU, the UN, "unknown"), and UK, which ISO reserves for GB.
// Built on first use, not at load: constructing it loads ICU's region names (25-55 ms measured), which every
// Lambda cold start would pay, since the routes' schemas import this module.
let regionNames: Intl.DisplayNames | undefined;
const NOT_COUNTRIES = new Set(['EU', 'EZ', 'QO', 'UN', 'UK', 'ZZ']);
const isCountry = (code: string) => {
  regionNames ??= new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' });
  return regionNames.of(code) !== code && !NOT_COUNTRIES.has(code);
};

/** ISO 3166-1 alpha-2, upper case ("DE"): the key of tax rates and of the countries a shipping method serves. */
export const countrySchema = z.string().check(
  // abort: a code of the wrong shape gets this one message, not the one below as well.
  z.regex(/^[A-Z]{2}$/, { message: 'must be an ISO 3166-1 alpha-2 country code such as "DE"', abort: true }),
  z.refine(isCountry, 'must be an ISO 3166-1 alpha-2 country code'),
);

const line = (max: number) => storableText(z.trim(), z.minLength(1), z.maxLength(max));

/** A postal address as an order keeps it: what the parcel label and the invoice need. */
export const addressSchema = z.strictObject({
  name: line(200),
  line1: line(200),
  line2: z.optional(line(200)),
  postalCode: line(20),
  city: line(100),
  region: z.optional(line(100)),
  country: countrySchema,
  phone: z.optional(
    z.string().check(z.regex(/^\+?[0-9 ()./-]{3,30}$/, 'must be a phone number such as "+49 30 1234567"')),
  ),
});
export type Address = z.infer<typeof addressSchema>;

/** An order's contact email: one address, no display name, at most 254 characters (RFC 5321's path limit). */
export const emailSchema = z
  .string()
  .check(
    z.trim(),
    z.maxLength(254),
    z.regex(/^[^\s@<>()",;:\\[\]]+@[^\s@<>()",;:\\[\]]+\.[^\s@<>()",;:\\[\]]+$/, 'must be an email address'),
  );
