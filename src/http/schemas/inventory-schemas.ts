import { inventoryAdjustmentInputSchema, setInventoryInputSchema } from '../../domain/ordering/inventory.js';
import { idSchema } from '../../domain/shared/ids.js';
import * as z from '../../domain/shared/zod.js';
import { productIdParam } from './cart-schemas.js';

export const inventoryParamsSchema = z.object({ productId: productIdParam });

export const setInventoryBodySchema = setInventoryInputSchema.clone().register(z.globalRegistry, {
  id: 'InventorySet',
  example: { available: 25 },
});

export const inventoryAdjustmentBodySchema = inventoryAdjustmentInputSchema
  .clone()
  .register(z.globalRegistry, {
    id: 'InventoryAdjustment',
    description: 'A relative change, logged with its reason. The result may not go below zero.',
    example: { delta: -2, reason: 'damaged in the warehouse' },
  });

export const inventoryLevelSchema = z
  .object({ productId: idSchema, available: z.number().check(z.int(), z.minimum(0)) })
  .register(z.globalRegistry, { id: 'InventoryLevel' });
