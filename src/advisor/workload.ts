import { z } from 'zod';
import { inputErrorFrom } from './advisor-errors.js';

const positive = z.number().positive();
const nonNegative = z.number().nonnegative();

/** The API: one Lambda function behind an HTTP API, or the same app as a container fleet behind an ALB. */
export const apiWorkloadSchema = z
  .object({
    requestsPerMonth: nonNegative,
    /** Busiest second's rate over the month's average rate; the model's default when neither this nor a profile is given. */
    peakToAverage: z.number().min(1).optional(),
    /** 24 relative weights, hour 0-23 UTC: the fleet can follow the day instead of holding the peak all month. */
    hourlyProfile: z
      .array(nonNegative)
      .length(24)
      .refine((w) => w.some((x) => x > 0), 'needs at least one weight above 0')
      .optional(),
    avgDurationMs: positive.default(100),
    memoryMb: z.number().int().min(128).default(512),
    payloadKb: nonNegative.default(4),
  })
  .strict();

export const jobWorkloadSchema = z
  .object({
    name: z.string().min(1),
    durationMinutes: positive,
    vcpu: positive.default(1),
    memoryGb: positive.default(2),
    runsPerMonth: nonNegative,
    interruptible: z.boolean().default(false),
    needsGpu: z.boolean().default(false),
  })
  .strict();

export const dataWorkloadSchema = z
  .object({
    storageGb: nonNegative.default(1),
    readsPerMonth: nonNegative.default(0),
    writesPerMonth: nonNegative.default(0),
    itemKb: positive.default(1),
    /** Multi-item ACID transactions. */
    needsTransactions: z.boolean().default(false),
    /** Largest number of items one transaction touches, when known (DynamoDB allows 100). */
    transactionItems: z.number().int().positive().optional(),
    needsJoins: z.boolean().default(false),
    /** Ad-hoc SQL over the data. */
    needsAnalytics: z.boolean().default(false),
    keyAccessOnly: z.boolean().default(false),
  })
  .strict();

/** Every section is optional: the advice covers the components the workload describes. */
export const workloadSchema = z
  .object({
    region: z.literal('us-east-1', { error: 'only us-east-1 is priced so far' }).default('us-east-1'),
    api: apiWorkloadSchema.optional(),
    jobs: z.array(jobWorkloadSchema).optional(),
    data: dataWorkloadSchema.optional(),
  })
  .strict();

export type Workload = z.output<typeof workloadSchema>;
export type WorkloadInput = z.input<typeof workloadSchema>;
export type ApiWorkload = z.output<typeof apiWorkloadSchema>;
export type JobWorkload = z.output<typeof jobWorkloadSchema>;
export type DataWorkload = z.output<typeof dataWorkloadSchema>;

/** Validates a workload; throws AdvisorInputError naming every bad field (`api.requestsPerMonth`, ...). */
export function parseWorkload(json: unknown): Workload {
  const parsed = workloadSchema.safeParse(json);
  if (!parsed.success) throw inputErrorFrom('workload', parsed.error.issues, parsed.error);
  return parsed.data;
}

/** The workload's JSON Schema (what a client may send), published as docs/advisor-workload.schema.json. */
export function workloadJsonSchema(): unknown {
  return z.toJSONSchema(workloadSchema, { io: 'input' });
}
