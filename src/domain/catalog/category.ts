import { idSchema } from '../shared/ids.js';
import { storableText } from '../shared/storable-text.js';
import * as z from '../shared/zod.js';

export const categoryInputSchema = z.strictObject({
  /** Optional client-chosen id, so imports and fixtures can refer to categories by a stable id. */
  id: z.optional(idSchema),
  name: storableText(z.trim(), z.minLength(1), z.maxLength(200)),
  parentId: z.optional(z.nullable(idSchema)),
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
