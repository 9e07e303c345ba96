import { categoryInputSchema } from '../../domain/catalog/category.js';
import { idSchema } from '../../domain/shared/ids.js';
import * as z from '../../domain/shared/zod.js';
import { cursorSchema, limitSchema, pageSchema } from './common-schemas.js';

export const categoryInputBodySchema = categoryInputSchema.clone().register(z.globalRegistry, {
  id: 'CategoryInput',
  example: { id: 'cups', name: 'Cups', parentId: 'kitchen' },
});

export const categorySchema = z
  .object({
    id: idSchema,
    name: z.string(),
    parentId: z.optional(idSchema),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    version: z.number().check(z.int(), z.minimum(1)),
  })
  .register(z.globalRegistry, {
    id: 'Category',
    example: {
      id: 'cups',
      name: 'Cups',
      parentId: 'kitchen',
      createdAt: '2026-03-01T12:00:00.000Z',
      updatedAt: '2026-03-01T12:00:00.000Z',
      version: 1,
    },
  });

export const categoryPageSchema = pageSchema(categorySchema, 'CategoryPage');

/** A JSON object: the use case refuses server-owned fields by name and validates the merged category. */
export const categoryPatchSchema = z.record(z.string(), z.unknown());

/** The members a category patch may hold, for the document (the id is the server's once created). */
export const categoryPatchShape = () => {
  const { name, parentId } = categoryInputSchema.shape;
  return z.strictObject({ name: z.optional(name), parentId }).register(z.globalRegistry, {
    id: 'CategoryMergePatch',
    description: 'JSON merge patch (RFC 7396) of `name` and `parentId` (`null` moves it to the top level).',
    example: { name: 'Mugs & Cups' },
  });
};

export const categoryListQuerySchema = z.object({
  limit: limitSchema,
  cursor: cursorSchema,
  parentId: z
    .optional(idSchema)
    .register(z.globalRegistry, { description: 'Only the direct children of this category.' }),
});
