import type { Candidate } from './advice.js';
import { candidate } from './candidate-math.js';
import { fargateLines, fargateSizeExclusions } from './fargate-cost.js';
import { lambdaLines } from './lambda-cost.js';
import type { PriceId, Prices } from './price-table.js';
import { price } from './prices.js';
import type { JobWorkload } from './workload.js';

const NO_GPU = (service: string) => `${service} offers no GPU: GPU jobs run on EC2 only`;
const NOT_INTERRUPTIBLE =
  'the job cannot be interrupted, and Spot capacity can be reclaimed with 2 minutes notice';

/** Lambda gets vCPU in proportion to memory: a job needing v vCPU needs v x 1,769 MB at least. */
export function lambdaJob(job: JobWorkload, prices: Prices): Candidate {
  const exclusions: string[] = [];
  const timeoutS = price(prices, 'limit.lambda.timeoutS');
  if (job.durationMinutes * 60 > timeoutS)
    exclusions.push(`a ${job.durationMinutes}-minute run is over Lambda's ${timeoutS / 60}-minute limit`);
  const maxMemoryMb = price(prices, 'limit.lambda.memoryMb');
  if (job.memoryGb * 1024 > maxMemoryMb)
    exclusions.push(`${job.memoryGb} GB is over Lambda's ${maxMemoryMb / 1024} GB memory limit`);
  if (job.vcpu > price(prices, 'limit.lambda.vcpu'))
    exclusions.push(`${job.vcpu} vCPU is over Lambda's ${price(prices, 'limit.lambda.vcpu')} vCPU limit`);
  if (job.needsGpu) exclusions.push(NO_GPU('Lambda'));
  const memoryMb = Math.min(
    maxMemoryMb,
    Math.max(
      128,
      Math.ceil(job.memoryGb * 1024),
      Math.ceil(job.vcpu * price(prices, 'limit.lambda.mbPerVcpu')),
    ),
  );
  return candidate(
    {
      id: 'lambda',
      name: 'Lambda',
      exclusions,
      warnings: [],
      lineItems: lambdaLines(job.runsPerMonth, memoryMb, job.durationMinutes * 60_000, prices),
    },
    prices,
  );
}

function fargateJob(job: JobWorkload, prices: Prices, spot: boolean): Candidate {
  const exclusions: string[] = [];
  if (job.needsGpu) exclusions.push(NO_GPU('Fargate'));
  exclusions.push(...fargateSizeExclusions(job.vcpu, job.memoryGb, prices));
  if (spot && !job.interruptible) exclusions.push(NOT_INTERRUPTIBLE);
  // Billing starts at image pull and lasts at least a minute.
  const billedS = Math.max(
    price(prices, 'limit.fargate.minBilledS'),
    job.durationMinutes * 60 + price(prices, 'model.taskStartupS'),
  );
  const lines = fargateLines(
    {
      label: `Fargate${spot ? ' Spot' : ''} (x86)`,
      hours: (job.runsPerMonth * billedS) / 3600,
      vcpu: job.vcpu,
      memoryGb: job.memoryGb,
      arch: 'x86',
      spot,
      basis: ['limit.fargate.minBilledS', 'model.taskStartupS'],
    },
    prices,
  );

  return candidate(
    {
      id: spot ? 'batch-fargate-spot' : 'batch-fargate',
      name: spot ? 'AWS Batch on Fargate Spot' : 'AWS Batch on Fargate',
      exclusions,
      warnings: spot ? ['the Spot discount is the published maximum ("up to 70%") and varies'] : [],
      lineItems: lines,
    },
    prices,
  );
}

export const batchFargateJob = (job: JobWorkload, prices: Prices) => fargateJob(job, prices, false);
export const batchFargateSpotJob = (job: JobWorkload, prices: Prices) => fargateJob(job, prices, true);

/** m7g sizes as multiples of .large (2 vCPU / 8 GiB); prices within a family scale with size. */
const M7G_SIZES = [1, 2, 4, 8, 16, 24, 32];

/**
 * g5 sizes with one GPU (vCPU, GiB, price id): a GPU job gets the smallest that holds its vCPU and memory.
 * Their prices do not scale with size (the GPU is most of it), so each size has its own entry.
 */
const G5_SIZES = [
  [4, 16, 'ec2.g5.xlarge'],
  [8, 32, 'ec2.g5.2xlarge'],
  [16, 64, 'ec2.g5.4xlarge'],
  [32, 128, 'ec2.g5.8xlarge'],
  [64, 256, 'ec2.g5.16xlarge'],
] as const satisfies readonly (readonly [number, number, PriceId])[];

/** The instance a job runs on, its hourly price, and the entry that price comes from. */
function ec2Instance(
  job: JobWorkload,
  prices: Prices,
): { instance: string; hourly: number; priceId: PriceId; tooBig?: string } {
  if (job.needsGpu) {
    const fits = G5_SIZES.find(([vcpu, gib]) => vcpu >= job.vcpu && gib >= job.memoryGb);
    const [, , priceId] = fits ?? G5_SIZES[4];
    return {
      instance: priceId.slice('ec2.'.length),
      hourly: price(prices, priceId),
      priceId,
      ...(fits === undefined && {
        tooBig: `${job.vcpu} vCPU / ${job.memoryGb} GB is bigger than the largest one-GPU instance (g5.16xlarge: 64 vCPU / 256 GiB)`,
      }),
    };
  }
  const needed = Math.max(Math.ceil(job.vcpu / 2), Math.ceil(job.memoryGb / 8));
  const size = M7G_SIZES.find((s) => s >= needed);
  return {
    instance: `m7g (${size ?? 32}x large)`,
    hourly: price(prices, 'ec2.m7g.large') * (size ?? 32),
    priceId: 'ec2.m7g.large',
    ...(size === undefined && {
      tooBig: `${job.vcpu} vCPU / ${job.memoryGb} GB is bigger than the largest m7g instance (64 vCPU / 256 GiB)`,
    }),
  };
}

function ec2Job(job: JobWorkload, prices: Prices, spot: boolean): Candidate {
  const exclusions: string[] = [];
  const warnings: string[] = [];
  if (spot && !job.interruptible) exclusions.push(NOT_INTERRUPTIBLE);
  const { instance, hourly, priceId, tooBig } = ec2Instance(job, prices);
  if (tooBig !== undefined) exclusions.push(tooBig);
  const factor = spot ? 1 - price(prices, 'ec2.spot.discount') / 100 : 1;
  if (spot)
    warnings.push('the Spot discount is the published maximum ("up to 90%") and varies by instance and hour');
  const hours =
    (job.runsPerMonth * (job.durationMinutes * 60 + price(prices, 'model.instanceStartupS'))) / 3600;
  return candidate(
    {
      id: spot ? 'batch-ec2-spot' : 'batch-ec2',
      name: spot ? 'AWS Batch on EC2 Spot' : 'AWS Batch on EC2 (on-demand)',
      exclusions,
      warnings,
      lineItems: [
        {
          item: `EC2 ${spot ? 'Spot ' : ''}${instance}`,
          quantity: hours,
          unit: 'instance-hours',
          usd: hours * hourly * factor,
          priceIds: [priceId, 'model.instanceStartupS', ...(spot ? ['ec2.spot.discount' as const] : [])],
        },
      ],
    },
    prices,
  );
}

export const batchEc2SpotJob = (job: JobWorkload, prices: Prices) => ec2Job(job, prices, true);
export const batchEc2Job = (job: JobWorkload, prices: Prices) => ec2Job(job, prices, false);

export const BATCH_CANDIDATES = [batchFargateJob, batchFargateSpotJob, batchEc2SpotJob, batchEc2Job];
