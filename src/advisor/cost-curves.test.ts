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
});
