import { z } from 'zod';
import { categoryInputSchema } from '../../domain/catalog/category.js';
import { idSchema } from '../../domain/shared/ids.js';
import { cursorSchema, limitSchema, pageSchema } from './common-schemas.js';

export const categoryInputBodySchema = categoryInputSchema.meta({ id: 'CategoryInput' });

export const categorySchema = z
  .object({
    id: idSchema,
    name: z.string(),
    parentId: idSchema.optional(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    version: z.number().int().min(1),
  })
  .meta({ id: 'Category' });

export const categoryPageSchema = pageSchema(categorySchema, 'CategoryPage');

export const categoryPatchSchema = z.record(z.string(), z.unknown()).meta({
  id: 'CategoryMergePatch',
  description: 'JSON merge patch (RFC 7396) of `name` and `parentId` (`null` moves it to the top level).',
  example: { name: 'Mugs & Cups' },
});

export const categoryListQuerySchema = z.object({
  limit: limitSchema,
  cursor: cursorSchema,
  parentId: idSchema.optional().meta({ description: 'Only the direct children of this category.' }),
});
