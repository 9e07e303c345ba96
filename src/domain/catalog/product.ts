import type { ProductImage } from '../media/image.js';
import { idSchema } from '../shared/ids.js';
import { storableNumber } from '../shared/storable-number.js';
import { storableText } from '../shared/storable-text.js';
import * as z from '../shared/zod.js';
import { moneySchema } from './money.js';
import { type TaxClass, taxClassSchema } from './tax-class.js';

export const PRODUCT_STATUSES = ['draft', 'active', 'archived'] as const;
export type ProductStatus = (typeof PRODUCT_STATUSES)[number];

export const MAX_ATTRIBUTES = 50;

/** A product's tax class when none is given, and what a product stored before products had one reads as. */
export const DEFAULT_TAX_CLASS: TaxClass = 'standard';

/**
 * Attribute names: a stored name is a member name everywhere (DynamoDB map, JSON), and names that happen to
 * be Object.prototype members (`constructor`, `toString`) are ordinary attributes. `__proto__` never gets
 * here: zod's records drop it, so request bodies holding it are refused before any schema (json-body.ts).
 */
const attributeNameSchema = z
  .string()
  .check(z.regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'attribute names are 1-64 characters of A-Z, a-z, 0-9, _ . : -'));

/** The flexible part of the schema: a flat map of scalars, bounded so one item stays far below 400 KB. */
export const attributesSchema = z
  .record(
    attributeNameSchema,
    // zod 4 numbers are finite already (the classic `.finite()` was a no-op).
    z.union([storableText(z.maxLength(1000)), storableNumber(), z.boolean()]),
  )
  .check(
    z.refine(
      (attributes) => Object.keys(attributes).length <= MAX_ATTRIBUTES,
      `at most ${MAX_ATTRIBUTES} attributes`,
    ),
  );

export const skuSchema = z
  .string()
  .check(z.regex(/^[\x21-\x7E]{1,64}$/, 'must be 1-64 printable ASCII characters, no spaces'));

/** What a client may write. Unknown fields are rejected: no mass assignment of id, version or timestamps. */
export const productInputSchema = z.strictObject({
  sku: skuSchema,
  name: storableText(z.trim(), z.minLength(1), z.maxLength(200)),
  description: z.optional(storableText(z.maxLength(5000))),
  price: moneySchema,
  categoryId: idSchema,
  status: z._default(z.enum(PRODUCT_STATUSES), 'draft'),
  attributes: z._default(attributesSchema, {}),
  taxClass: z._default(taxClassSchema, DEFAULT_TAX_CLASS).register(z.globalRegistry, {
    description:
      'Which VAT rate applies: `reduced` for goods taxed lower (food, books), `zero` for zero-rated.',
  }),
});

export type ProductInput = z.infer<typeof productInputSchema>;

export interface Product {
  id: string;
  sku: string;
  name: string;
  description?: string;
  price: { amount: number; currency: string };
  categoryId: string;
  status: ProductStatus;
  attributes: Record<string, string | number | boolean>;
  /** Which VAT rate applies; a product stored before products had one reads as `standard`. */
  taxClass: TaxClass;
  /** Uploaded images and their web variants (src/domain/media); absent until the first upload. */
  images?: ProductImage[];
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** Fields the server owns: a merge patch may not touch them. */
export const PRODUCT_READ_ONLY_FIELDS = ['id', 'createdAt', 'updatedAt', 'version', 'images'] as const;

export const PRODUCT_SORTS = ['-createdAt', 'createdAt', 'price', '-price', 'name'] as const;
export type ProductSort = (typeof PRODUCT_SORTS)[number];

export interface ProductListQuery {
  limit: number;
  cursor?: string;
  categoryId?: string;
  /** Statuses to include. Callers who are not admins only ever get ['active']. */
  statuses: readonly ProductStatus[];
  minPrice?: number;
  maxPrice?: number;
  /** Lower-cased words; each must prefix some word of the name. */
  q?: string;
  sort: ProductSort;
}

/**
 * The words of a name as search sees them: lower-cased, accents folded, split on anything that is not a
 * letter or digit. Storage and query both use this, so "Café-Crème" is found by "cafe" and by "crem".
 */
export function searchWords(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0);
}
