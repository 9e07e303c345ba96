import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apiBreakEven } from './api-advice.js';
import { API_CANDIDATES, lambdaApi } from './api-candidates.js';
import { cheapestFitting } from './candidate-math.js';
import { BATCH_CANDIDATES, lambdaJob } from './job-candidates.js';
import { DEFAULT_PRICES, type Prices } from './price-table.js';
import { apiWorkloadSchema, jobWorkloadSchema } from './workload.js';

/**
 * Lambda's volume tiers (GB-seconds above 7.5B a month, HTTP API requests above 300M) cut its marginal
 * price by up to 20%: at those volumes Lambda gets a little cheaper per unit while containers do not, so the
 * ratio properties hold exactly on flat prices, and on the real ones within that discount.
 */
const flat: Prices = {
  ...DEFAULT_PRICES,
  'lambda.gbs.arm.t2': DEFAULT_PRICES['lambda.gbs.arm.t1'],
  'lambda.gbs.arm.t3': DEFAULT_PRICES['lambda.gbs.arm.t1'],
  'apigw.http.t2': DEFAULT_PRICES['apigw.http.t1'],
};

const apiShape = fc.record({
  peakToAverage: fc.double({ min: 1, max: 50, noNaN: true }),
  avgDurationMs: fc.double({ min: 1, max: 29_000, noNaN: true }),
  memoryMb: fc.integer({ min: 128, max: 10_240 }),
  payloadKb: fc.double({ min: 0, max: 6000, noNaN: true }),
  hourlyProfile: fc.option(
    fc.array(fc.double({ min: 0.01, max: 10, noNaN: true }), { minLength: 24, maxLength: 24 }),
    {
      nil: undefined,
    },
  ),
});
const traffic = fc.double({ min: 1e3, max: 1e11, noNaN: true });

/** Lambda's monthly cost over the cheapest fitting container option's. */
function lambdaOverContainers(shape: object, requestsPerMonth: number, prices: Prices = flat): number {
  const api = apiWorkloadSchema.parse({ ...shape, requestsPerMonth });
  const containers = API_CANDIDATES.filter((b) => b !== lambdaApi).map((b) => b(api, prices));
  const lambda = lambdaApi(api, prices).monthlyUsd ?? Number.NaN;
  return lambda / (cheapestFitting(containers)?.monthlyUsd ?? Number.NaN);
}

describe('monotonicity', () => {
  it('more traffic never makes Lambda cheaper relative to containers', () => {
    fc.assert(
      fc.property(apiShape, traffic, traffic, (shape, a, b) => {
        const [low, high] = a < b ? [a, b] : [b, a];
        expect(lambdaOverContainers(shape, high)).toBeGreaterThanOrEqual(
          lambdaOverContainers(shape, low) * (1 - 1e-9),
        );
      }),
      { numRuns: 300 },
    );
  });

  it("with the real tiers, more traffic lowers Lambda's relative cost by no more than its deepest volume discount", () => {
    // Duration's third tier is 20% under the first, the HTTP API's second 10%: the most Lambda can gain.
    const deepest = 1 - DEFAULT_PRICES['lambda.gbs.arm.t3'].value / DEFAULT_PRICES['lambda.gbs.arm.t1'].value;
    fc.assert(
      fc.property(apiShape, traffic, traffic, (shape, a, b) => {
        const [low, high] = a < b ? [a, b] : [b, a];
        expect(lambdaOverContainers(shape, high, DEFAULT_PRICES)).toBeGreaterThanOrEqual(
          lambdaOverContainers(shape, low, DEFAULT_PRICES) * (1 - deepest),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('at the API break-even the costs meet: Lambda cheaper below it, containers above', () => {
    fc.assert(
      fc.property(apiShape, (shape) => {
        const api = apiWorkloadSchema.parse({ ...shape, requestsPerMonth: 1e6 });
        const crossing = apiBreakEven(api, DEFAULT_PRICES).value;
        fc.pre(crossing !== null && crossing > 2e3);
        expect(lambdaOverContainers(shape, (crossing as number) * 0.99, DEFAULT_PRICES)).toBeLessThan(1);
        expect(lambdaOverContainers(shape, (crossing as number) * 1.01, DEFAULT_PRICES)).toBeGreaterThan(1);
      }),
      { numRuns: 100 },
    );
  });

  const jobShape = fc.record({
    name: fc.constant('job'),
    vcpu: fc.double({ min: 0.25, max: 8, noNaN: true }),
    memoryGb: fc.double({ min: 0.5, max: 12, noNaN: true }),
    runsPerMonth: fc.integer({ min: 1, max: 1_000_000 }),
    interruptible: fc.boolean(),
    needsGpu: fc.constant(false),
  });
  const minutes = fc.double({ min: 0.01, max: 120, noNaN: true });

  it('a longer job never makes Lambda fit better, nor cheaper relative to Batch', () => {
    fc.assert(
      fc.property(jobShape, minutes, minutes, (shape, a, b) => {
        const [short, long] = (a < b ? [a, b] : [b, a]).map((durationMinutes) =>
          jobWorkloadSchema.parse({ ...shape, durationMinutes }),
        ) as [never, never];
        const lambdaShort = lambdaJob(short, flat);
        const lambdaLong = lambdaJob(long, flat);
        if (lambdaLong.fits) expect(lambdaShort.fits).toBe(true);
        const batch = (job: never, prices: Prices) =>
          cheapestFitting(BATCH_CANDIDATES.map((build) => build(job, prices)))?.monthlyUsd ?? 1;
        // Every price in the table is known, so every cost is a number.
        expect((lambdaLong.monthlyUsd as number) / batch(long, flat)).toBeGreaterThanOrEqual(
          ((lambdaShort.monthlyUsd as number) / batch(short, flat)) * (1 - 1e-9),
        );
      }),
      { numRuns: 300 },
    );
  });
});
