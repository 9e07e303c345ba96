import { describe, expect, it } from 'vitest';
import { advise } from './advise.js';
import { formatTable } from './format-table.js';
import { DEFAULT_PRICES, type PriceId, type Prices } from './price-table.js';
import { parseWorkload } from './workload.js';

/** The default table with one price nobody has given. */
const without = (id: PriceId): Prices => ({
  ...DEFAULT_PRICES,
  [id]: { ...DEFAULT_PRICES[id], value: null, source: 'missing', asOf: 'n/a' },
});

const gpuJob = parseWorkload({
  jobs: [
    {
      name: 'train',
      durationMinutes: 240,
      vcpu: 8,
      memoryGb: 32,
      runsPerMonth: 4,
      interruptible: true,
      needsGpu: true,
    },
  ],
});

describe('a cost that rests on an unknown price', () => {
  it('is null, never $0, and names the price to give', () => {
    const job = advise(gpuJob, without('ec2.g5.2xlarge')).jobs?.[0];
    for (const id of ['batch-ec2-spot', 'batch-ec2']) {
      const candidate = job?.candidates.find((c) => c.id === id);
      expect(candidate?.monthlyUsd).toBeNull();
      expect(candidate?.missingPrices).toEqual(['ec2.g5.2xlarge']);
      expect(candidate?.lineItems[0]?.usd).toBeNull();
    }
    // Known costs say so with an empty list.
    expect(job?.candidates.find((c) => c.id === 'lambda')?.missingPrices).toEqual([]);
  });

  it('when no fitting option has a known cost, recommends on fit alone and says so', () => {
    const job = advise(gpuJob, without('ec2.g5.2xlarge')).jobs?.[0];
    expect(job?.recommendation?.candidateId).toBe('batch-ec2-spot');
    expect(job?.recommendation?.monthlyUsd).toBeNull();
    expect(job?.recommendation?.reasons[0]).toBe(
      'Recommended on fit alone: no option that fits has a known cost (give ec2.g5.2xlarge with --prices).',
    );
    expect(job?.recommendation?.reasons.join(' ')).not.toMatch(/\$/);
  });

  it('is never recommended on cost: the cheapest known option wins, and the unknown one is named', () => {
    // Without the m7g price, Batch on EC2 is unpriced; for this long, uninterruptible 2 vCPU / 8 GB job it
    // is the cheapest option when priced, and must not win by showing $0.
    const workload = parseWorkload({
      jobs: [{ name: 'export', durationMinutes: 120, vcpu: 2, memoryGb: 8, runsPerMonth: 30 }],
    });
    const job = advise(workload, without('ec2.m7g.large')).jobs?.[0];
    expect(job?.recommendation?.candidateId).toBe('batch-fargate');
    expect(job?.recommendation?.monthlyUsd).toBeGreaterThan(0);
    expect(job?.recommendation?.reasons).toContain(
      'Not compared on cost: AWS Batch on EC2 (on-demand) (cost unknown: give ec2.m7g.large with --prices).',
    );
    const known = advise(workload).jobs?.[0];
    expect(known?.recommendation?.candidateId).toBe('batch-ec2');
  });

  it('prints as "cost unknown" in the table, and as null in the JSON', () => {
    const advice = advise(gpuJob, without('ec2.g5.2xlarge'));
    const table = formatTable(advice);
    expect(table).toMatch(/AWS Batch on EC2 Spot\s+cost unknown\s+yes/);
    expect(table).toContain('Recommendation: AWS Batch on EC2 Spot (cost unknown)');
    expect(table).not.toContain('$0.00');
    const json = JSON.parse(JSON.stringify(advice));
    expect(json.jobs[0].recommendation.monthlyUsd).toBeNull();
    expect(json.prices['ec2.g5.2xlarge'].value).toBeNull();
  });
});
