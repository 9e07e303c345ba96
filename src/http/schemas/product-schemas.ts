import { PRODUCT_SORTS, PRODUCT_STATUSES, productInputSchema } from '../../domain/catalog/product.js';
import { idSchema } from '../../domain/shared/ids.js';
import * as z from '../../domain/shared/zod.js';
import { cursorSchema, limitSchema, pageSchema } from './common-schemas.js';
import { productImageSchema } from './image-schemas.js';

/** What admins send to POST /products: exactly the domain schema that validates. */
const MUG = {
  sku: 'MUG-LOGO-1',
  name: 'Slimshop Logo Mug',
  price: { amount: 1450, currency: 'EUR' },
  categoryId: 'cups',
  status: 'active',
  attributes: { volumeMl: 350, dishwasherSafe: true },
  taxClass: 'standard',
};

export const productInputBodySchema = productInputSchema
  .clone()
  .register(z.globalRegistry, { id: 'ProductInput', example: MUG });

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
  .register(z.globalRegistry, {
    id: 'Product',
    example: {
      ...MUG,
      id: 'q2Lm8Xw0RtY7uVb3nKc5',
      createdAt: '2026-03-01T12:00:00.000Z',
      updatedAt: '2026-03-02T09:30:00.000Z',
      version: 2,
    },
  });

export const productPageSchema = pageSchema(productSchema, 'ProductPage');

/**
 * RFC 7396: objects merge, null removes, anything else replaces; the result must be a valid product. What
 * validates the request is only "a JSON object": the use case refuses server-owned fields by name and
 * validates the merged product with the create schema, so errors name fields as they end up.
 */
export const productPatchSchema = z.record(z.string(), z.unknown());

/**
 * The members a product patch may hold, for the document: each writable field with the create schema's
 * rules; `null` where removing the field leaves a valid product (`description`, an attribute, `attributes`,
 * `status` and `taxClass`, which then fall back to their defaults `{}`, `draft` and `standard`). Anything else
 * is a 400.
 */
export const productPatchShape = () => {
  const { sku, name, description, price, categoryId, status, attributes, taxClass } =
    productInputSchema.shape;
  const { keyType, valueType } = attributes.def.innerType.def;
  return z
    .strictObject({
      sku: z.optional(sku),
      name: z.optional(name),
      description: z.optional(z.nullable(description)),
      price: z.optional(z.partial(price)),
      categoryId: z.optional(categoryId),
      status: z.optional(z.nullable(status)),
      taxClass: z.optional(z.nullable(taxClass)),
      attributes: z.optional(
        z.nullable(
          z.record(keyType, z.nullable(valueType)).register(z.globalRegistry, {
            description: 'Merged member by member: `null` removes that attribute.',
          }),
        ),
      ),
    })
    .register(z.globalRegistry, {
      id: 'ProductMergePatch',
      description:
        'JSON merge patch (RFC 7396) of the writable fields. `null` removes a field (e.g. `description`, an attribute).',
      example: { price: { amount: 1490 }, attributes: { color: null } },
    });
};

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
