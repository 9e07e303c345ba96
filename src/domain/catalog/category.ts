import { z } from 'zod';
import { idSchema } from '../shared/ids.js';

export const categoryInputSchema = z.strictObject({
  /** Optional client-chosen id, so imports and fixtures can refer to categories by a stable id. */
  id: idSchema.optional(),
  name: z.string().trim().min(1).max(200),
  parentId: idSchema.nullable().optional(),
});

export type CategoryInput = z.infer<typeof categoryInputSchema>;

export interface Category {
  id: string;
  name: string;
  parentId?: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface CategoryListQuery {
  limit: number;
  cursor?: string;
  parentId?: string;
}

/** Deep enough for any real navigation tree, shallow enough that cycle checks stay cheap. */
export const MAX_CATEGORY_DEPTH = 8;
