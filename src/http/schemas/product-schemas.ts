import { z } from 'zod';
import { PRODUCT_SORTS, PRODUCT_STATUSES, productInputSchema } from '../../domain/catalog/product.js';
import { idSchema } from '../../domain/shared/ids.js';
import { cursorSchema, limitSchema, pageSchema } from './common-schemas.js';
import { productImageSchema } from './image-schemas.js';

/** What admins send to POST /products: exactly the domain schema that validates. */
export const productInputBodySchema = productInputSchema.meta({ id: 'ProductInput' });

/** PUT may repeat the id of the URL in the body (the import job does), but must not contradict it. */
export const productPutBodySchema = productInputSchema
  .extend({ id: idSchema.optional().meta({ description: 'If present, must equal the id in the path.' }) })
  .meta({ id: 'ProductPut' });

export const productSchema = productInputSchema
  .extend({
    id: idSchema,
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    version: z.number().int().min(1),
    images: z.array(productImageSchema).optional().meta({
      description: 'Read-only: added by POST /products/{id}/images, filled in by the image pipeline.',
    }),
  })
  .meta({ id: 'Product' });

export const productPageSchema = pageSchema(productSchema, 'ProductPage');

/** RFC 7396: objects merge, null removes, anything else replaces; the result must be a valid product. */
export const productPatchSchema = z.record(z.string(), z.unknown()).meta({
  id: 'ProductMergePatch',
  description:
    'JSON merge patch (RFC 7396) of the writable fields. `null` removes a field (e.g. `description`, an attribute).',
  example: { price: { amount: 1490 }, attributes: { color: null } },
});

const price = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const productListQuerySchema = z.object({
  limit: limitSchema,
  cursor: cursorSchema,
  categoryId: idSchema.optional(),
  status: z
    .enum(PRODUCT_STATUSES)
    .optional()
    .meta({ description: 'Admins only; everyone else always gets active products.' }),
  minPrice: price.optional().meta({ description: 'Inclusive, in minor units.' }),
  maxPrice: price.optional().meta({ description: 'Inclusive, in minor units.' }),
  q: z
    .string()
    .max(200)
    .optional()
    .meta({ description: 'Words; each must prefix a word of the name (case and accents ignored).' }),
  sort: z.enum(PRODUCT_SORTS).default('-createdAt'),
});
