import {
  IMAGE_FORMATS,
  IMAGE_STATUSES,
  imageUploadInputSchema,
  MAX_IMAGE_ERROR_LENGTH,
} from '../../domain/media/image.js';
import { idSchema } from '../../domain/shared/ids.js';
import * as z from '../../domain/shared/zod.js';

export const imageUploadBodySchema = imageUploadInputSchema.clone().register(z.globalRegistry, {
  id: 'ImageUploadRequest',
  example: { contentType: 'image/jpeg', contentLength: 482113 },
});

export const imageUploadSchema = z
  .object({
    imageId: idSchema,
    upload: z.object({
      url: z.url().register(z.globalRegistry, { description: 'Presigned S3 URL, valid for 15 minutes.' }),
      method: z.literal('PUT'),
      headers: z.record(z.string(), z.string()).register(z.globalRegistry, {
        description: 'Send exactly these headers with the bytes (the length must match too).',
      }),
    }),
  })
  .register(z.globalRegistry, { id: 'ImageUpload' });

export const imageVariantSchema = z
  .object({
    format: z.enum(IMAGE_FORMATS),
    width: z.number().check(z.int()),
    height: z.number().check(z.int()),
    url: z.url(),
    bytes: z.number().check(z.int()),
  })
  .register(z.globalRegistry, { id: 'ImageVariant' });

export const productImageSchema = z
  .object({
    id: idSchema,
    status: z.enum(IMAGE_STATUSES).register(z.globalRegistry, {
      description:
        '`processing` until the upload is decoded; `failed` (`error` says why) when it is no JPEG/PNG/WebP, damaged, or over 50 megapixels.',
    }),
    width: z
      .optional(z.number().check(z.int()))
      .register(z.globalRegistry, { description: 'Upright width of the original (when ready).' }),
    height: z.optional(z.number().check(z.int())),
    variants: z.array(imageVariantSchema).register(z.globalRegistry, {
      description: 'Widths 320, 768 and 1600 (never upscaled), each in the original format, WebP and AVIF.',
    }),
    error: z.optional(z.string().check(z.maxLength(MAX_IMAGE_ERROR_LENGTH))).register(z.globalRegistry, {
      description:
        'Only when `failed`: why, in a short sentence (not an image, damaged or truncated, too many pixels, too large).',
      example: 'The image is damaged or truncated.',
    }),
  })
  .register(z.globalRegistry, { id: 'ProductImage' });

export const imageParamsSchema = z.object({ id: idSchema, imageId: idSchema });
