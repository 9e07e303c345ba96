import * as z from '../domain/shared/zod.js';
import { inputErrorFrom } from './advisor-errors.js';

const positive = z.number().check(z.positive());
const nonNegative = z.number().check(z.nonnegative());

/** The API: one Lambda function behind an HTTP API, or the same app as a container fleet behind an ALB. */
export const apiWorkloadSchema = z.strictObject({
  requestsPerMonth: nonNegative,
  /** Busiest second's rate over the month's average rate; the model's default when neither this nor a profile is given. */
  peakToAverage: z.optional(z.number().check(z.minimum(1))),
  /** 24 relative weights, hour 0-23 UTC: the fleet can follow the day instead of holding the peak all month. */
  hourlyProfile: z.optional(
    z.array(nonNegative).check(
      z.length(24),
      z.refine((w) => w.some((x) => x > 0), 'needs at least one weight above 0'),
    ),
  ),
  avgDurationMs: z._default(positive, 100),
  memoryMb: z._default(z.number().check(z.int(), z.minimum(128)), 512),
  payloadKb: z._default(nonNegative, 4),
});

export const jobWorkloadSchema = z.strictObject({
  name: z.string().check(z.minLength(1)),
  durationMinutes: positive,
  vcpu: z._default(positive, 1),
  memoryGb: z._default(positive, 2),
  runsPerMonth: nonNegative,
  interruptible: z._default(z.boolean(), false),
  needsGpu: z._default(z.boolean(), false),
});

export const dataWorkloadSchema = z.strictObject({
  storageGb: z._default(nonNegative, 1),
  readsPerMonth: z._default(nonNegative, 0),
  writesPerMonth: z._default(nonNegative, 0),
  itemKb: z._default(positive, 1),
  /** Multi-item ACID transactions. */
  needsTransactions: z._default(z.boolean(), false),
  /** Largest number of items one transaction touches, when known (DynamoDB allows 100). */
  transactionItems: z.optional(z.number().check(z.int(), z.positive())),
  needsJoins: z._default(z.boolean(), false),
  /** Ad-hoc SQL over the data. */
  needsAnalytics: z._default(z.boolean(), false),
  keyAccessOnly: z._default(z.boolean(), false),
});

/** Every section is optional: the advice covers the components the workload describes. */
export const workloadSchema = z.strictObject({
  region: z._default(z.literal('us-east-1', { error: 'only us-east-1 is priced so far' }), 'us-east-1'),
  api: z.optional(apiWorkloadSchema),
  jobs: z.optional(z.array(jobWorkloadSchema)),
  data: z.optional(dataWorkloadSchema),
});

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
