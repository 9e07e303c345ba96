import { storableText } from '../shared/storable-text.js';
import * as z from '../shared/zod.js';

/** Stock is a plain count of sellable units; it never goes below zero (a CHECK in the database, too). */
export interface InventoryLevel {
  productId: string;
  available: number;
}

export const MAX_STOCK = 1_000_000_000;

export const setInventoryInputSchema = z.strictObject({
  available: z.number().check(z.int(), z.minimum(0), z.maximum(MAX_STOCK)),
});

export const inventoryAdjustmentInputSchema = z.strictObject({
  delta: z.number().check(
    z.int(),
    z.minimum(-MAX_STOCK),
    z.maximum(MAX_STOCK),
    z.refine((delta) => delta !== 0, 'must not be 0'),
  ),
  reason: storableText(z.trim(), z.minLength(1), z.maxLength(200)),
});
export type InventoryAdjustmentInput = z.infer<typeof inventoryAdjustmentInputSchema>;
