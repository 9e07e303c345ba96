import { z } from 'zod';
import { IMAGE_FORMATS, IMAGE_STATUSES, imageUploadInputSchema } from '../../domain/media/image.js';
import { idSchema } from '../../domain/shared/ids.js';

export const imageUploadBodySchema = imageUploadInputSchema.meta({
  id: 'ImageUploadRequest',
  example: { contentType: 'image/jpeg', contentLength: 482113 },
});

export const imageUploadSchema = z
  .object({
    imageId: idSchema,
    upload: z.object({
      url: z.url().meta({ description: 'Presigned S3 URL, valid for 15 minutes.' }),
      method: z.literal('PUT'),
      headers: z
        .record(z.string(), z.string())
        .meta({ description: 'Send exactly these headers with the bytes (the length must match too).' }),
    }),
  })
  .meta({ id: 'ImageUpload' });

export const imageVariantSchema = z
  .object({
    format: z.enum(IMAGE_FORMATS),
    width: z.number().int(),
    height: z.number().int(),
    url: z.url(),
    bytes: z.number().int(),
  })
  .meta({ id: 'ImageVariant' });

export const productImageSchema = z
  .object({
    id: idSchema,
    status: z.enum(IMAGE_STATUSES).meta({
      description:
        '`processing` until the upload is decoded; `failed` when it is no JPEG/PNG/WebP or over 50 megapixels.',
    }),
    width: z.number().int().optional().meta({ description: 'Upright width of the original (when ready).' }),
    height: z.number().int().optional(),
    variants: z.array(imageVariantSchema).meta({
      description: 'Widths 320, 768 and 1600 (never upscaled), each in the original format, WebP and AVIF.',
    }),
  })
  .meta({ id: 'ProductImage' });

export const imageParamsSchema = z.object({
  id: idSchema.meta({ param: { name: 'id', in: 'path' } }),
  imageId: idSchema.meta({ param: { name: 'imageId', in: 'path' } }),
});
