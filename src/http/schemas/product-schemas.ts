import { PRODUCT_SORTS, PRODUCT_STATUSES, productInputSchema } from '../../domain/catalog/product.js';
import { idSchema } from '../../domain/shared/ids.js';
import * as z from '../../domain/shared/zod.js';
import { cursorSchema, limitSchema, pageSchema } from './common-schemas.js';
import { productImageSchema } from './image-schemas.js';

/** What admins send to POST /products: exactly the domain schema that validates. */
export const productInputBodySchema = productInputSchema
  .clone()
  .register(z.globalRegistry, { id: 'ProductInput' });

/** PUT may repeat the id of the URL in the body (the import job does), but must not contradict it. */
export const productPutBodySchema = z
  .extend(productInputSchema, {
    id: z
      .optional(idSchema)
      .register(z.globalRegistry, { description: 'If present, must equal the id in the path.' }),
  })
  .register(z.globalRegistry, { id: 'ProductPut' });

export const productSchema = z
  .extend(productInputSchema, {
    id: idSchema,
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    version: z.number().check(z.int(), z.minimum(1)),
    images: z.optional(z.array(productImageSchema)).register(z.globalRegistry, {
      description: 'Read-only: added by POST /products/{id}/images, filled in by the image pipeline.',
    }),
  })
  .register(z.globalRegistry, { id: 'Product' });

export const productPageSchema = pageSchema(productSchema, 'ProductPage');

/** RFC 7396: objects merge, null removes, anything else replaces; the result must be a valid product. */
export const productPatchSchema = z.record(z.string(), z.unknown()).register(z.globalRegistry, {
  id: 'ProductMergePatch',
  description:
    'JSON merge patch (RFC 7396) of the writable fields. `null` removes a field (e.g. `description`, an attribute).',
  example: { price: { amount: 1490 }, attributes: { color: null } },
});

const price = z.coerce.number().check(z.int(), z.minimum(0), z.maximum(Number.MAX_SAFE_INTEGER));
const priceBound = z
  .optional(price)
  .register(z.globalRegistry, { description: 'Inclusive, in minor units.' });

export const productListQuerySchema = z.object({
  limit: limitSchema,
  cursor: cursorSchema,
  categoryId: z.optional(idSchema),
  status: z
    .optional(z.enum(PRODUCT_STATUSES))
    .register(z.globalRegistry, { description: 'Admins only; everyone else always gets active products.' }),
  minPrice: priceBound,
  maxPrice: priceBound,
  q: z.optional(z.string().check(z.maxLength(200))).register(z.globalRegistry, {
    description: 'Words; each must prefix a word of the name (case and accents ignored).',
  }),
  sort: z._default(z.enum(PRODUCT_SORTS), '-createdAt'),
});
