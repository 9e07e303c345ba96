import type { BreakEven, JobAdvice } from './advice.js';
import { findCrossing } from './break-even.js';
import { bestFitting, cheapestFitting, formatCount, formatUsd, recommend } from './candidate-math.js';
import { BATCH_CANDIDATES, lambdaJob } from './job-candidates.js';
import type { Prices } from './price-table.js';
import { price } from './prices.js';
import type { JobWorkload } from './workload.js';

const usd = formatUsd;
const minutes = (value: number) => `${Number(value.toFixed(2))} minute${value === 1 ? '' : 's'}`;
const runs = (count: number) => `${formatCount(count)} run${count === 1 ? '' : 's'}`;

/** Up to Lambda's time limit, where a short job's Lambda cost meets the cheapest fitting Batch option's. */
export function jobBreakEven(job: JobWorkload, prices: Prices): BreakEven {
  const limitMinutes = price(prices, 'limit.lambda.timeoutS') / 60;
  const breakEven = (value: number | null, description: string): BreakEven => ({
    description,
    variable: 'jobs[].durationMinutes',
    value,
    unit: 'minutes',
  });
  const otherLimits = lambdaJob({ ...job, durationMinutes: 1 / 60 }, prices).exclusions;
  if (otherLimits.length > 0)
    return breakEven(
      null,
      `No break-even: Lambda does not fit this job at any duration (${otherLimits.join('; ')}).`,
    );
  const batchMinusLambda = (durationMinutes: number) => {
    const sized = { ...job, durationMinutes };
    const batch = cheapestFitting(BATCH_CANDIDATES.map((build) => build(sized, prices)));
    const lambda = lambdaJob({ ...sized, durationMinutes: Math.min(durationMinutes, limitMinutes) }, prices);
    return (batch?.monthlyUsd ?? Number.POSITIVE_INFINITY) - (lambda.monthlyUsd ?? Number.NaN);
  };
  const low = 1 / 60;
  const crossing = findCrossing(batchMinusLambda, low, limitMinutes);
  if (crossing === null) {
    const cheaper =
      batchMinusLambda(low) > 0 ? 'Lambda stays cheaper than Batch' : 'Batch stays cheaper than Lambda';
    return breakEven(
      null,
      Number.isNaN(batchMinusLambda(low))
        ? "No break-even: Lambda's cost for this job is unknown."
        : `No break-even: ${cheaper} for runs from 1 second up to Lambda's ${limitMinutes}-minute limit.`,
    );
  }
  const value = Math.round(crossing * 100) / 100;
  return breakEven(
    value,
    `Batch becomes cheaper than Lambda for runs longer than ${minutes(value)} (this job runs ${minutes(job.durationMinutes)}).`,
  );
}

export function jobAdvice(job: JobWorkload, prices: Prices): JobAdvice {
  const lambda = lambdaJob(job, prices);
  const candidates = [lambda, ...BATCH_CANDIDATES.map((build) => build(job, prices))];
  const best = bestFitting(candidates);
  const reasons: string[] = [];
  if (best) {
    if (best.monthlyUsd !== null)
      reasons.push(
        `${best.name} is the cheapest option that fits: ${usd(best.monthlyUsd)} a month for ${runs(job.runsPerMonth)}.`,
      );
    if (!lambda.fits) reasons.push(`Lambda is ruled out: ${lambda.exclusions.join('; ')}.`);
    else if (best !== lambda && lambda.monthlyUsd !== null)
      reasons.push(
        `Lambda would cost ${usd(lambda.monthlyUsd)}: per-second containers cost less for runs this long.`,
      );
    else if (best === lambda)
      reasons.push('Short runs: Lambda bills per millisecond with no start-up or one-minute minimum.');
  }
  return {
    name: job.name,
    candidates,
    recommendation: recommend(best, reasons, candidates),
    breakEvens: [jobBreakEven(job, prices)],
    assumptions: [
      `Lambda gets max(memoryGb, vcpu x ${price(prices, 'limit.lambda.mbPerVcpu')} MB) of memory, arm64`,
      `Fargate bills ${price(prices, 'model.taskStartupS')} s of image pull and start per run, at least ${price(prices, 'limit.fargate.minBilledS')} s; Batch on Fargate runs x86`,
      `EC2 bills ${price(prices, 'model.instanceStartupS')} s of boot per run (a warm compute environment bills less)`,
      ...(job.needsGpu
        ? ['a GPU job runs on the smallest one-GPU g5 instance (NVIDIA A10G) that holds its vCPU and memory']
        : []),
      'Spot prices use the published maximum discount; an interrupted run is retried at extra cost, not counted',
    ],
  };
}
