import { workloadSchema } from '../../advisor/workload.js';
import * as z from '../../domain/shared/zod.js';
import { booleanQueryFlag } from './common-schemas.js';

/** The CLI's workload file, validated by the advisor's own schema (one definition, two transports). */
export const workloadBodySchema = workloadSchema.clone().register(z.globalRegistry, {
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
  curves: booleanQueryFlag(
    "Adds `curves` (cost against traffic and job duration, for charts). Without it the body is exactly the CLI's JSON.",
  ),
});

const lineItemSchema = z.object({
  item: z.string(),
  quantity: z.number(),
  unit: z.string(),
  usd: z
    .nullable(z.number())
    .register(z.globalRegistry, { description: 'null when a price the line needs is unknown.' }),
  priceIds: z
    .array(z.string())
    .register(z.globalRegistry, { description: 'Entries of `prices` this line was priced from.' }),
});

const candidateSchema = z.object({
  id: z.string().register(z.globalRegistry, { example: 'lambda-http-api' }),
  name: z.string(),
  fits: z
    .boolean()
    .register(z.globalRegistry, { description: 'False when a hard limit rules it out (see `exclusions`).' }),
  exclusions: z.array(z.string()),
  warnings: z.array(z.string()),
  monthlyUsd: z.nullable(z.number()).register(z.globalRegistry, {
    description: 'null when a price it needs is unknown: never recommended on cost (see `missingPrices`).',
  }),
  missingPrices: z.array(z.string()).register(z.globalRegistry, {
    description: 'Price ids its cost needs and nobody has given; empty when the cost is known.',
  }),
  lineItems: z.array(lineItemSchema),
});

const componentFields = {
  candidates: z
    .array(candidateSchema)
    .register(z.globalRegistry, { description: 'Every option, priced even when it does not fit.' }),
  recommendation: z
    .nullable(
      z.object({
        candidateId: z.string(),
        name: z.string(),
        monthlyUsd: z.nullable(z.number()).register(z.globalRegistry, {
          description: 'null when no option that fits has a known cost: the choice then rests on fit alone.',
        }),
        reasons: z.array(z.string()),
      }),
    )
    .register(z.globalRegistry, {
      description: 'The cheapest option that fits, of those whose cost is known; null when none fits.',
    }),
  breakEvens: z.array(
    z.object({
      description: z.string().register(z.globalRegistry, {
        description: 'One sentence; "No break-even: ..." when the costs do not cross.',
      }),
      variable: z.string().register(z.globalRegistry, { example: 'api.requestsPerMonth' }),
      value: z.nullable(z.number()).register(z.globalRegistry, {
        description: 'null when the costs do not cross in range or one side never fits.',
      }),
      unit: z.string(),
    }),
  ),
  assumptions: z.array(z.string()),
};

const componentSchema = z.object(componentFields).register(z.globalRegistry, { id: 'AdvisorComponent' });

/** One chart: every option's monthly cost at each x, null where it does not fit or its cost is unknown. */
const costCurvesSchema = z.object({
  variable: z.string(),
  x: z.array(z.number()),
  series: z.array(
    z.object({ candidateId: z.string(), name: z.string(), usd: z.array(z.nullable(z.number())) }),
  ),
});

/** `npm run advise -- --format json`'s object; `curves` only with `?curves=true`. */
export const adviceSchema = z
  .object({
    region: z.string(),
    currency: z.literal('USD'),
    pricesAsOf: z.string(),
    api: z.optional(componentSchema),
    jobs: z.optional(z.array(z.object({ name: z.string(), ...componentFields }))),
    data: z.optional(componentSchema),
    prices: z.record(
      z.string(),
      z.object({ value: z.nullable(z.number()), unit: z.string(), source: z.string(), asOf: z.string() }),
    ),
    sources: z
      .record(z.string(), z.string())
      .register(z.globalRegistry, { description: 'Source id -> where the number comes from.' }),
    curves: z
      .optional(
        z.object({
          api: z
            .optional(costCurvesSchema)
            .register(z.globalRegistry, { description: 'Against `api.requestsPerMonth` (log-spaced).' }),
          jobs: z
            .optional(z.array(z.extend(costCurvesSchema, { name: z.string() })))
            .register(z.globalRegistry, { description: 'One per job, against its duration in minutes.' }),
        }),
      )
      .register(z.globalRegistry, { description: "Only with `?curves=true`: not part of the CLI's output." }),
  })
  .register(z.globalRegistry, { id: 'Advice' });
