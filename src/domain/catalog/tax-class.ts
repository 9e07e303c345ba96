import * as z from '../shared/zod.js';

/**
 * Which of a country's VAT rates applies to a product or a shipping method: `reduced` for the goods a
 * country taxes lower (food and books in most of the EU), `zero` for zero-rated goods.
 */
export const TAX_CLASSES = ['standard', 'reduced', 'zero'] as const;
export type TaxClass = (typeof TAX_CLASSES)[number];

export const taxClassSchema = z.enum(TAX_CLASSES);
