import { z } from 'zod';
import { workloadSchema } from '../../advisor/workload.js';

/** The CLI's workload file, validated by the advisor's own schema (one definition, two transports). */
export const workloadBodySchema = workloadSchema.meta({
  id: 'AdvisorWorkload',
  description:
    'What `npm run advise -- --workload <file>` reads: every section optional, unknown fields rejected. See docs/advisor.md.',
  example: {
    api: { requestsPerMonth: 10_000_000, peakToAverage: 4, avgDurationMs: 60, memoryMb: 512 },
    jobs: [{ name: 'nightly-export', durationMinutes: 20, runsPerMonth: 30 }],
    data: { storageGb: 5, readsPerMonth: 30_000_000, writesPerMonth: 2_000_000, keyAccessOnly: true },
  },
});

export const advisorQuerySchema = z.object({
  curves: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true')
    .meta({
      description:
        "Adds `curves` (cost against traffic and job duration, for charts). Without it the body is exactly the CLI's JSON.",
    }),
});

const lineItemSchema = z.object({
  item: z.string(),
  quantity: z.number(),
  unit: z.string(),
  usd: z.number(),
  priceIds: z.array(z.string()).meta({ description: 'Entries of `prices` this line was priced from.' }),
});

const candidateSchema = z.object({
  id: z.string().meta({ example: 'lambda-http-api' }),
  name: z.string(),
  fits: z.boolean().meta({ description: 'False when a hard limit rules it out (see `exclusions`).' }),
  exclusions: z.array(z.string()),
  warnings: z.array(z.string()),
  monthlyUsd: z.number(),
  lineItems: z.array(lineItemSchema),
});

const componentFields = {
  candidates: z
    .array(candidateSchema)
    .meta({ description: 'Every option, priced even when it does not fit.' }),
  recommendation: z
    .object({
      candidateId: z.string(),
      name: z.string(),
      monthlyUsd: z.number(),
      reasons: z.array(z.string()),
    })
    .nullable()
    .meta({ description: 'The cheapest option that fits; null when none fits.' }),
  breakEvens: z.array(
    z.object({
      description: z.string(),
      variable: z.string().meta({ example: 'api.requestsPerMonth' }),
      value: z.number().nullable().meta({ description: 'null when the costs do not cross in range.' }),
      unit: z.string(),
    }),
  ),
  assumptions: z.array(z.string()),
};

const componentSchema = z.object(componentFields).meta({ id: 'AdvisorComponent' });

/** One chart: every option's monthly cost at each x, null where the option does not fit. */
const costCurvesSchema = z.object({
  variable: z.string(),
  x: z.array(z.number()),
  series: z.array(
    z.object({ candidateId: z.string(), name: z.string(), usd: z.array(z.number().nullable()) }),
  ),
});

/** `npm run advise -- --format json`'s object; `curves` only with `?curves=true`. */
export const adviceSchema = z
  .object({
    region: z.string(),
    currency: z.literal('USD'),
    pricesAsOf: z.string(),
    api: componentSchema.optional(),
    jobs: z.array(z.object({ name: z.string(), ...componentFields })).optional(),
    data: componentSchema.optional(),
    prices: z.record(
      z.string(),
      z.object({ value: z.number(), unit: z.string(), source: z.string(), asOf: z.string() }),
    ),
    sources: z
      .record(z.string(), z.string())
      .meta({ description: 'Source id -> where the number comes from.' }),
    curves: z
      .object({
        api: costCurvesSchema
          .optional()
          .meta({ description: 'Against `api.requestsPerMonth` (log-spaced).' }),
        jobs: z
          .array(costCurvesSchema.extend({ name: z.string() }))
          .optional()
          .meta({ description: 'One per job, against its duration in minutes.' }),
      })
      .optional()
      .meta({ description: "Only with `?curves=true`: not part of the CLI's output." }),
  })
  .meta({ id: 'Advice' });
