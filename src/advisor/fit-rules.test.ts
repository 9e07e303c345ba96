import { describe, expect, it } from 'vitest';
import type { Candidate, ComponentAdvice } from './advice.js';
import { advise } from './advise.js';
import { parseWorkload, type WorkloadInput } from './workload.js';

const find = (advice: ComponentAdvice | undefined, id: string): Candidate => {
  const found = advice?.candidates.find((c) => c.id === id);
  if (!found) throw new Error(`no candidate ${id}`);
  return found;
};
const of = (input: WorkloadInput) => advise(parseWorkload(input));
const api = (fields: object) => of({ api: { requestsPerMonth: 1e6, ...fields } }).api;
const job = (fields: object) =>
  of({ jobs: [{ name: 'j', durationMinutes: 1, runsPerMonth: 10, ...fields }] }).jobs?.[0];
const data = (fields: object) => of({ data: { readsPerMonth: 1e6, writesPerMonth: 1e5, ...fields } }).data;

/** Asserts the candidate is excluded with a reason mentioning `words`, and fits on the other side of the limit. */
function excluded(advice: ComponentAdvice | undefined, id: string, words: RegExp) {
  const c = find(advice, id);
  expect(c.fits).toBe(false);
  expect(c.exclusions.join(' ')).toMatch(words);
  expect(advice?.recommendation?.candidateId).not.toBe(id);
}

describe('API fit rules', () => {
  it('excludes Lambda above its 6 MB synchronous payload, and keeps it at 6 MB', () => {
    excluded(api({ payloadKb: 6 * 1024 + 1 }), 'lambda-http-api', /6 MB/);
    expect(find(api({ payloadKb: 6 * 1024 }), 'lambda-http-api').fits).toBe(true);
  });
  it("excludes Lambda when requests outlast the HTTP API's 30 s timeout", () => {
    excluded(api({ avgDurationMs: 30_001 }), 'lambda-http-api', /30 s timeout/);
    expect(find(api({ avgDurationMs: 30_000 }), 'lambda-http-api').fits).toBe(true);
  });
  it('excludes Lambda above 10,240 MB', () => {
    excluded(api({ memoryMb: 10_241 }), 'lambda-http-api', /10240 MB/);
  });
  it('warns, without excluding, when peak concurrency passes the default 1,000 quota', () => {
    const lambda = find(
      api({ requestsPerMonth: 3e9, peakToAverage: 10, avgDurationMs: 1000 }),
      'lambda-http-api',
    );
    expect(lambda.fits).toBe(true);
    expect(lambda.warnings.join(' ')).toMatch(/quota/);
  });
  it('excludes Fargate tasks above 120 GB but keeps ECS on EC2', () => {
    const advice = api({ memoryMb: 125 * 1024 });
    excluded(advice, 'fargate-alb', /120 GB/);
    excluded(advice, 'fargate-spot-alb', /120 GB/);
    expect(find(advice, 'ecs-ec2-alb').fits).toBe(true);
    expect(advice?.recommendation?.candidateId).toBe('ecs-ec2-alb');
  });
});

describe('job fit rules', () => {
  it('excludes Lambda above 15 minutes and keeps it at 15', () => {
    excluded(job({ durationMinutes: 15.01 }), 'lambda', /15-minute/);
    expect(find(job({ durationMinutes: 15 }), 'lambda').fits).toBe(true);
  });
  it('excludes Lambda above 10 GB of memory and above 6 vCPU', () => {
    excluded(job({ memoryGb: 10.5 }), 'lambda', /10 GB/);
    excluded(job({ vcpu: 8 }), 'lambda', /6 vCPU/);
  });
  it('runs GPU jobs on EC2 only', () => {
    const advice = job({ needsGpu: true, interruptible: true });
    for (const id of ['lambda', 'batch-fargate', 'batch-fargate-spot']) excluded(advice, id, /GPU/);
    expect(find(advice, 'batch-ec2-spot').fits).toBe(true);
    expect(find(advice, 'batch-ec2-spot').lineItems[0]?.item).toMatch(/g5\.xlarge/);
  });
  it('puts a GPU job on the smallest one-GPU instance that holds it, and excludes bigger ones', () => {
    const sized = (vcpu: number, memoryGb: number) =>
      find(job({ needsGpu: true, vcpu, memoryGb }), 'batch-ec2').lineItems[0]?.priceIds[0];
    expect(sized(4, 16)).toBe('ec2.g5.xlarge');
    expect(sized(5, 16)).toBe('ec2.g5.2xlarge');
    expect(sized(8, 33)).toBe('ec2.g5.4xlarge');
    expect(sized(64, 256)).toBe('ec2.g5.16xlarge');
    excluded(job({ needsGpu: true, vcpu: 65, memoryGb: 256 }), 'batch-ec2', /one-GPU instance/);
  });
  it('excludes Fargate above 16 vCPU or 120 GB per task', () => {
    excluded(job({ vcpu: 32, durationMinutes: 60 }), 'batch-fargate', /16 vCPU/);
    excluded(job({ memoryGb: 128, durationMinutes: 60 }), 'batch-fargate', /120 GB/);
    expect(find(job({ vcpu: 32, memoryGb: 128 }), 'batch-ec2').fits).toBe(true);
  });
  it('excludes Spot for jobs that cannot be interrupted', () => {
    const advice = job({ interruptible: false });
    excluded(advice, 'batch-fargate-spot', /interrupted/);
    excluded(advice, 'batch-ec2-spot', /interrupted/);
    expect(find(job({ interruptible: true }), 'batch-ec2-spot').fits).toBe(true);
  });
  it('excludes EC2 for a job bigger than the largest instance', () => {
    excluded(job({ vcpu: 96, memoryGb: 384 }), 'batch-ec2', /largest m7g/);
  });
  it('recommends nothing, saying so, when no option fits', () => {
    const advice = job({ vcpu: 96, memoryGb: 384, interruptible: false });
    expect(advice?.recommendation).toBeNull();
  });
});

describe('data fit rules', () => {
  it('excludes DynamoDB for items over 400 KB', () => {
    const advice = data({ itemKb: 401 });
    excluded(advice, 'dynamodb-on-demand', /400 KB/);
    excluded(advice, 'dynamodb-provisioned', /400 KB/);
    expect(find(data({ itemKb: 400 }), 'dynamodb-on-demand').fits).toBe(true);
  });
  it('excludes DynamoDB when the data needs joins or ad-hoc SQL', () => {
    excluded(data({ needsJoins: true }), 'dynamodb-on-demand', /joins/);
    excluded(data({ needsAnalytics: true }), 'dynamodb-on-demand', /ad-hoc SQL/);
    expect(data({ needsJoins: true })?.recommendation?.reasons.join(' ')).toMatch(/joins/);
  });
  it('excludes DynamoDB for transactions over 100 items, and warns within the limit', () => {
    excluded(data({ needsTransactions: true, transactionItems: 101 }), 'dynamodb-on-demand', /100-item/);
    const within = find(data({ needsTransactions: true, transactionItems: 100 }), 'dynamodb-on-demand');
    expect(within.fits).toBe(true);
    expect(within.warnings.join(' ')).toMatch(/100 items/);
  });
  it('excludes RDS when the peak needs more than one 64 vCPU writer', () => {
    excluded(data({ readsPerMonth: 1e11, writesPerMonth: 1e10 }), 'rds-postgres', /writer/);
  });
});
