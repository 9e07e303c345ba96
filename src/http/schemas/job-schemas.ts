import { JOB_RUNNERS, JOB_STATUSES } from '../../app/jobs/job-record.js';
import { idSchema } from '../../domain/shared/ids.js';
import * as z from '../../domain/shared/zod.js';
import { JOB_NAMES } from '../../jobs/job.js';
import { cursorSchema, limitSchema, pageSchema } from './common-schemas.js';

export const jobSubmitBodySchema = z
  .strictObject({
    // The job service refuses other names itself (a 400 on `type` listing the jobs); the enum documents it.
    type: z
      .string()
      .check(z.minLength(1), z.maxLength(64))
      .register(z.globalRegistry, {
        description: 'The job to run.',
        enum: [...JOB_NAMES],
        example: 'import-catalog',
      }),
    args: z._default(z.record(z.string(), z.unknown()), {}).register(z.globalRegistry, {
      description:
        'The CLI options by name (`--file x` is `{ "file": "x" }`); checked by the job itself. Files (`file`, `report`, ' +
        '`out`) are paths relative to the jobs folder (`DATA_DIR/jobs`, local runners) or `s3://<JOBS_BUCKET>/<key>`: ' +
        'anything else is a 400 naming the field.',
      example: { file: 's3://slimshop-jobs/imports/catalog.jsonl', format: 'jsonl' },
    }),
  })
  .register(z.globalRegistry, { id: 'JobSubmission' });

const runner = z.enum(JOB_RUNNERS).register(z.globalRegistry, {
  description: 'Where production runs it: `lambda` (estimated ≤ 10 min, async) or `batch` (AWS Batch).',
});
const reason = z.string().register(z.globalRegistry, {
  description: 'Why that runner, from the estimate.',
  example:
    "About 4 minutes for about 120,000 rows (a file of 9.1 MB at about 76 bytes per row) at 2 ms per row, which fits Lambda's 10-minute budget.",
});

export const jobSubmittedSchema = z
  .object({ id: idSchema, status: z.literal('queued'), runner, reason })
  .register(z.globalRegistry, { id: 'JobSubmitted' });

const progress = z.object({
  done: z.number(),
  total: z
    .optional(z.number())
    .register(z.globalRegistry, { description: 'Absent while the job does not know it (streaming).' }),
  unit: z.string().register(z.globalRegistry, { example: 'rows' }),
});

export const jobSchema = z
  .object({
    id: idSchema,
    type: z.enum(JOB_NAMES),
    args: z.record(z.string(), z.unknown()),
    status: z.enum(JOB_STATUSES),
    runner,
    reason,
    estimate: z.object({
      units: z.number(),
      unit: z.string(),
      msPerUnit: z.number(),
      seconds: z.number(),
      basis: z.string(),
    }),
    progress: z
      .nullable(progress)
      .register(z.globalRegistry, { description: 'null until the job reports some.' }),
    summary: z.nullable(z.record(z.string(), z.unknown())).register(z.globalRegistry, {
      description:
        'When finished; imports: `{ read, imported, unchanged, rejected }` (rows read, written, already identical, refused) (+ `report`).',
    }),
    report: z
      .nullable(z.string())
      .register(z.globalRegistry, { description: 'Where the job wrote its report, if it wrote one.' }),
    error: z
      .nullable(z.string())
      .register(z.globalRegistry, { description: 'Why it failed (a message, never a stack trace).' }),
    createdAt: z.iso.datetime(),
    startedAt: z.nullable(z.iso.datetime()),
    finishedAt: z.nullable(z.iso.datetime()),
  })
  .register(z.globalRegistry, { id: 'Job' });

export const jobPageSchema = pageSchema(jobSchema, 'JobPage');

export const jobListQuerySchema = z.object({ limit: limitSchema, cursor: cursorSchema });
