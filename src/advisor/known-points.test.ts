import { describe, expect, it } from 'vitest';
import { advise } from './advise.js';
import { parseWorkload } from './workload.js';

// Each expected figure is AWS's published formula written out with the table's us-east-1 prices.
describe('known points', () => {
  it('prices 10 M requests at 128 MB x 100 ms on arm64 as requests + GB-seconds + HTTP API', () => {
    const advice = advise(
      parseWorkload({ api: { requestsPerMonth: 10e6, memoryMb: 128, avgDurationMs: 100 } }),
    );
    const requests = 10e6 * 0.2e-6; // $0.20 per 1M requests
    const gbSeconds = 10e6 * (128 / 1024) * (100 / 1000); // 125,000 GB-s
    const duration = gbSeconds * 0.0000133334; // arm64 first tier
    const httpApi = 10e6 * 1.0e-6; // $1.00 per 1M, one 512 KB increment each
    const lambda = advice.api?.candidates.find((c) => c.id === 'lambda-http-api');
    expect(lambda?.monthlyUsd).toBe(Math.round((requests + duration + httpApi) * 100) / 100); // 13.67
    expect(lambda?.lineItems.find((l) => l.unit === 'GB-seconds')?.quantity).toBe(125_000);
  });

  it('bills a 1.2 MB request as three HTTP API requests (512 KB metering)', () => {
    const advice = advise(parseWorkload({ api: { requestsPerMonth: 1e6, payloadKb: 1200 } }));
    const line = advice.api?.candidates[0]?.lineItems.find((l) => l.item.startsWith('API Gateway'));
    expect(line?.quantity).toBe(3e6);
    expect(line?.usd).toBe(3);
  });

  it('prices the smallest Fargate fleet as 2 tasks x 730 h + ALB hours, LCUs and two public IPv4s', () => {
    const advice = advise(
      parseWorkload({ api: { requestsPerMonth: 10e6, memoryMb: 128, avgDurationMs: 100 } }),
    );
    const tasks = 2 * 730 * (1 * 0.03238 + 2 * 0.00356); // 1 vCPU / 2 GB arm64
    const alb = 730 * 0.0225;
    const avgRps = 10e6 / (730 * 3600);
    const lcu = 730 * (avgRps / 25) * 0.008; // one new connection per request, 25 per LCU
    const ipv4 = 2 * 730 * 0.005;
    const fargate = advice.api?.candidates.find((c) => c.id === 'fargate-alb');
    expect(fargate?.monthlyUsd).toBe(Math.round((tasks + alb + lcu + ipv4) * 100) / 100); // 82.28
  });

  it('prices a Batch on Fargate job per second from image pull: runs x (duration + 30 s) x (vCPU + GB)', () => {
    const advice = advise(
      parseWorkload({ jobs: [{ name: 'x', durationMinutes: 90, vcpu: 4, memoryGb: 8, runsPerMonth: 2 }] }),
    );
    const hours = (2 * (90 * 60 + 30)) / 3600;
    const expected = hours * (4 * 0.04048 + 8 * 0.004445);
    expect(advice.jobs?.[0]?.candidates.find((c) => c.id === 'batch-fargate')?.monthlyUsd).toBe(
      Math.round(expected * 100) / 100,
    );
  });

  it('bills a 10-second Fargate job for the 60-second minimum', () => {
    const advice = advise(
      parseWorkload({ jobs: [{ name: 'x', durationMinutes: 10 / 60, runsPerMonth: 3600 }] }),
    );
    const expected = ((3600 * 60) / 3600) * (1 * 0.04048 + 2 * 0.004445);
    expect(advice.jobs?.[0]?.candidates.find((c) => c.id === 'batch-fargate')?.monthlyUsd).toBe(
      Math.round(expected * 100) / 100,
    );
  });

  it('prices a GPU job on EC2 by the hour from boot: runs x (duration + 180 s) x the g5 size that holds it', () => {
    const advice = advise(
      parseWorkload({
        jobs: [
          { name: 'train', durationMinutes: 240, vcpu: 8, memoryGb: 32, runsPerMonth: 4, needsGpu: true },
        ],
      }),
    );
    const hours = (4 * (240 * 60 + 180)) / 3600; // 16.2 instance-hours
    const onDemand = hours * 1.212; // g5.2xlarge: 8 vCPU / 32 GiB, one A10G
    const candidates = advice.jobs?.[0]?.candidates;
    expect(candidates?.find((c) => c.id === 'batch-ec2')?.monthlyUsd).toBe(Math.round(onDemand * 100) / 100);
    expect(candidates?.find((c) => c.id === 'batch-ec2-spot')?.monthlyUsd).toBe(
      Math.round(onDemand * 0.1 * 100) / 100, // the published maximum Spot discount, 90 %
    );
    expect(advice.prices['ec2.g5.2xlarge']).toMatchObject({ value: 1.212, source: 'S3', asOf: '2026-01-19' });
  });

  it('prices DynamoDB on-demand per 1 KB written and 4 KB read, transactions at twice the units', () => {
    const data = {
      storageGb: 5,
      readsPerMonth: 30e6,
      writesPerMonth: 2e6,
      itemKb: 2,
      needsTransactions: true,
    };
    const advice = advise(parseWorkload({ data }));
    const writes = 2e6 * 2 * 2 * 0.625e-6; // ceil(2 KB / 1 KB) units, x2 transactional
    const reads = 30e6 * 1 * 2 * 0.125e-6; // ceil(2 KB / 4 KB) unit, x2 transactional
    const storage = 5 * 0.25;
    expect(advice.data?.candidates.find((c) => c.id === 'dynamodb-on-demand')?.monthlyUsd).toBe(
      Math.round((writes + reads + storage) * 100) / 100,
    );
  });

  it('adds RDS Proxy to relational options only when the API runs on Lambda (Aurora at the 8 ACU floor)', () => {
    const data = { readsPerMonth: 1e6, writesPerMonth: 1e5, storageGb: 10 };
    const onLambda = advise(parseWorkload({ api: { requestsPerMonth: 1e6 }, data }));
    const noApi = advise(parseWorkload({ data }));
    const proxy = (advice: typeof noApi, id: string) =>
      advice.data?.candidates.find((c) => c.id === id)?.lineItems.find((l) => l.item.startsWith('RDS Proxy'));
    expect(proxy(onLambda, 'aurora-serverless-v2')?.usd).toBe(Math.round(8 * 730 * 0.015 * 100) / 100); // 87.60
    expect(proxy(onLambda, 'rds-postgres')?.usd).toBe(Math.round(2 * 730 * 0.015 * 100) / 100); // 21.90
    expect(proxy(noApi, 'aurora-serverless-v2')).toBeUndefined();
  });
});
