import { JOB_FILE_KINDS, MAX_JOB_FILE_BYTES } from '../../app/jobs/job-files.js';
import * as z from '../../domain/shared/zod.js';
import { idParam } from './common-schemas.js';

const expiresAt = z.iso.datetime().register(z.globalRegistry, {
  description: 'The link works until then (15 minutes); ask again for a new one.',
});
const location = z.string().register(z.globalRegistry, {
  description:
    'The file as a job names it (`args.file`): in the jobs folder locally, the jobs bucket on AWS.',
  example: 'uploads/Qm3x8Yk1sLw0aB5cD7eF/catalog.csv',
});

export const jobFileUploadBodySchema = z
  .strictObject({
    name: z
      .string()
      .check(
        z.regex(
          /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/,
          'must be a file name of 1-128 characters of A-Z, a-z, 0-9, ".", "_" or "-", starting with a letter or digit',
        ),
      )
      .register(z.globalRegistry, {
        description: 'Its extension sets the stored type (`.csv` text/csv, `.jsonl` application/x-ndjson).',
        example: 'catalog.csv',
      }),
    size: z.number().check(z.int(), z.minimum(1), z.maximum(MAX_JOB_FILE_BYTES)).register(z.globalRegistry, {
      description: 'Bytes (at most 1 GiB): the upload sends exactly this many.',
      example: 48213,
    }),
  })
  .register(z.globalRegistry, { id: 'JobFileUploadRequest' });

export const jobFileUploadSchema = z
  .object({
    location,
    upload: z.object({
      url: z.url().register(z.globalRegistry, {
        description: 'PUT the bytes here, without a bearer token.',
      }),
      method: z.literal('PUT'),
      headers: z.record(z.string(), z.string()).register(z.globalRegistry, {
        description: 'Send exactly these headers with the bytes (the length must match too).',
      }),
    }),
    expiresAt,
  })
  .register(z.globalRegistry, { id: 'JobFileUpload' });

export const jobFileParamsSchema = z.object({
  id: idParam('w8Jx3kq0PZbV9sT2mYc1'),
  file: z.enum(JOB_FILE_KINDS).register(z.globalRegistry, {
    description: '`report`: the rows an import refused; `out`: what an export wrote.',
  }),
});

export const jobFileDownloadSchema = z
  .object({
    name: z.string().register(z.globalRegistry, { example: 'catalog.csv.rejected.jsonl' }),
    location,
    size: z.number().check(z.int()).register(z.globalRegistry, { description: 'Bytes.' }),
    url: z.url().register(z.globalRegistry, {
      description: 'GET it without a bearer token (an attachment named `name`).',
    }),
    expiresAt,
  })
  .register(z.globalRegistry, { id: 'JobFileDownload' });
