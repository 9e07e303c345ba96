import { describe, expect, it } from 'vitest';
import { apiBreakEven } from './api-advice.js';
import { apiCostCurves, jobCostCurves } from './cost-curves.js';
import { DEFAULT_PRICES } from './price-table.js';
import { apiWorkloadSchema, jobWorkloadSchema } from './workload.js';

describe('cost curves for the charts', () => {
  it('puts the Lambda line under the containers below the break-even and over them above it', () => {
    const api = apiWorkloadSchema.parse({ requestsPerMonth: 1e6, memoryMb: 128, avgDurationMs: 100 });
    const breakEven = apiBreakEven(api, DEFAULT_PRICES).value as number;
    const { x, series } = apiCostCurves(api, DEFAULT_PRICES, [breakEven / 2, breakEven * 2]);
    expect(x).toEqual([breakEven / 2, breakEven * 2]);
    const lambda = series.find((s) => s.candidateId === 'lambda-http-api')?.usd ?? [];
    const fargate = series.find((s) => s.candidateId === 'fargate-alb')?.usd ?? [];
    expect(lambda[0]).toBeLessThan(fargate[0] as number);
    expect(lambda[1]).toBeGreaterThan(fargate[1] as number);
  });

  it("leaves Lambda's job line empty past 15 minutes, and draws one point per x for every option", () => {
    const job = jobWorkloadSchema.parse({ name: 'j', durationMinutes: 1, runsPerMonth: 100 });
    const { x, series } = jobCostCurves(job, DEFAULT_PRICES);
    expect(series).toHaveLength(5);
    for (const s of series) expect(s.usd).toHaveLength(x.length);
    const lambda = series.find((s) => s.candidateId === 'lambda')?.usd ?? [];
    x.forEach((minutes, i) => {
      if (minutes > 15) expect(lambda[i]).toBeNull();
      else expect(lambda[i]).toBeGreaterThan(0);
    });
  });

  it('keeps costs under a cent as they are, so a cheap job draws a smooth line rather than steps of $0.01', () => {
    const job = jobWorkloadSchema.parse({
      name: 'j',
      durationMinutes: 90,
      runsPerMonth: 2,
      interruptible: true,
    });
    const { series } = jobCostCurves(job, DEFAULT_PRICES);
    const lambda = (series.find((s) => s.candidateId === 'lambda')?.usd ?? []).filter((v) => v !== null);
    expect(lambda[0]).toBeGreaterThan(0);
    expect(lambda[0]).toBeLessThan(0.01);
    // Longer runs cost more at every step: no two neighbouring points flattened onto the same cent.
    for (let i = 1; i < lambda.length; i++) expect(lambda[i]).toBeGreaterThan(lambda[i - 1] as number);
  });

  it("spans the workload's own traffic and duration with room on both sides", () => {
    const api = apiWorkloadSchema.parse({ requestsPerMonth: 5e10 });
    const { x } = apiCostCurves(api, DEFAULT_PRICES);
    expect(x[0]).toBeCloseTo(1e5);
    expect(x.at(-1)).toBeGreaterThanOrEqual(4 * 5e10);
    const job = jobWorkloadSchema.parse({ name: 'j', durationMinutes: 0.05, runsPerMonth: 1 });
    expect(jobCostCurves(job, DEFAULT_PRICES).x[0]).toBeCloseTo(0.05 / 4);
  });
});
