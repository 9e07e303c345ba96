import { z } from 'zod';
import { JOB_RUNNERS, JOB_STATUSES } from '../../app/jobs/job-record.js';
import { idSchema } from '../../domain/shared/ids.js';
import { cursorSchema, limitSchema, pageSchema } from './common-schemas.js';

export const jobSubmitBodySchema = z
  .strictObject({
    type: z.string().min(1).max(64).meta({
      description: 'The job: import-catalog, export-catalog, reoptimize-images or sales-report.',
      example: 'import-catalog',
    }),
    args: z
      .record(z.string(), z.unknown())
      .default({})
      .meta({
        description: 'The CLI options by name (`--file x` is `{ "file": "x" }`); checked by the job itself.',
        example: { file: 's3://slimshop-jobs/imports/catalog.jsonl', format: 'jsonl' },
      }),
  })
  .meta({ id: 'JobSubmission' });

const runner = z.enum(JOB_RUNNERS).meta({
  description: 'Where production runs it: `lambda` (estimated ≤ 10 min, async) or `batch` (AWS Batch).',
});
const reason = z.string().meta({
  description: 'Why that runner, from the estimate.',
  example: "≈ 4 min (120,000 rows × 2 ms): fits Lambda's 10-minute budget",
});

export const jobSubmittedSchema = z
  .object({ id: idSchema, status: z.literal('queued'), runner, reason })
  .meta({ id: 'JobSubmitted' });

const progress = z.object({
  done: z.number(),
  total: z.number().optional().meta({ description: 'Absent while the job does not know it (streaming).' }),
  unit: z.string().meta({ example: 'rows' }),
});

export const jobSchema = z
  .object({
    id: idSchema,
    type: z.string(),
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
    progress: progress.nullable().meta({ description: 'null until the job reports some.' }),
    summary: z.record(z.string(), z.unknown()).nullable().meta({
      description: 'When finished; imports: `{ read, imported, rejected }` (+ `report`).',
    }),
    report: z.string().nullable().meta({ description: 'Where the job wrote its report, if it wrote one.' }),
    error: z.string().nullable().meta({ description: 'Why it failed (a message, never a stack trace).' }),
    createdAt: z.iso.datetime(),
    startedAt: z.iso.datetime().nullable(),
    finishedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'Job' });

export const jobPageSchema = pageSchema(jobSchema, 'JobPage');

export const jobListQuerySchema = z.object({ limit: limitSchema, cursor: cursorSchema });
