import { z } from 'zod';

/** Stock is a plain count of sellable units; it never goes below zero (a CHECK in the database, too). */
export interface InventoryLevel {
  productId: string;
  available: number;
}

export const MAX_STOCK = 1_000_000_000;

export const setInventoryInputSchema = z.strictObject({
  available: z.number().int().min(0).max(MAX_STOCK),
});

export const inventoryAdjustmentInputSchema = z.strictObject({
  delta: z
    .number()
    .int()
    .min(-MAX_STOCK)
    .max(MAX_STOCK)
    .refine((delta) => delta !== 0, 'must not be 0'),
  reason: z.string().trim().min(1).max(200),
});
export type InventoryAdjustmentInput = z.infer<typeof inventoryAdjustmentInputSchema>;
