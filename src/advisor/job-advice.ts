import type { BreakEven, JobAdvice } from './advice.js';
import { findCrossing } from './break-even.js';
import { cheapestFitting, formatUsd, recommend } from './candidate-math.js';
import { BATCH_CANDIDATES, lambdaJob } from './job-candidates.js';
import type { Prices } from './price-table.js';
import { price } from './prices.js';
import type { JobWorkload } from './workload.js';

const usd = formatUsd;

/** Up to Lambda's time limit, where a short job's Lambda cost meets the cheapest fitting Batch option's. */
export function jobBreakEven(job: JobWorkload, prices: Prices): BreakEven {
  const limitMinutes = price(prices, 'limit.lambda.timeoutS') / 60;
  const otherLimits = lambdaJob({ ...job, durationMinutes: 1 / 60 }, prices).exclusions;
  if (otherLimits.length > 0)
    return {
      description: `no break-even: Lambda does not fit this job at any duration (${otherLimits.join('; ')})`,
      variable: 'jobs[].durationMinutes',
      value: null,
      unit: 'minutes',
    };
  const batchMinusLambda = (durationMinutes: number) => {
    const at = { ...job, durationMinutes };
    const batch = cheapestFitting(BATCH_CANDIDATES.map((build) => build(at, prices)));
    return (
      (batch?.monthlyUsd ?? Number.POSITIVE_INFINITY) -
      lambdaJob({ ...at, durationMinutes: Math.min(durationMinutes, limitMinutes) }, prices).monthlyUsd
    );
  };
  const crossing = findCrossing(batchMinusLambda, 1 / 60, limitMinutes);
  return {
    description:
      crossing === null
        ? `Lambda and Batch do not cross between 1 second and ${limitMinutes} minutes a run`
        : `Batch becomes cheaper than Lambda for runs longer than ${crossing.toFixed(2)} minutes`,
    variable: 'jobs[].durationMinutes',
    value: crossing === null ? null : Math.round(crossing * 100) / 100,
    unit: 'minutes',
  };
}

export function jobAdvice(job: JobWorkload, prices: Prices): JobAdvice {
  const lambda = lambdaJob(job, prices);
  const candidates = [lambda, ...BATCH_CANDIDATES.map((build) => build(job, prices))];
  const best = cheapestFitting(candidates);
  const breakEven = jobBreakEven(job, prices);
  const reasons: string[] = [];
  if (best) {
    const unpriced = job.needsGpu && price(prices, 'ec2.gpu.hour') === 0;
    reasons.push(
      unpriced
        ? `${best.name} fits; its cost is unknown until you give a GPU instance price (ec2.gpu.hour) with --prices.`
        : `${best.name} is the cheapest option that fits: ${usd(best.monthlyUsd)} a month for ${job.runsPerMonth} run(s).`,
    );
    if (!lambda.fits) reasons.push(`Lambda is ruled out: ${lambda.exclusions.join('; ')}.`);
    else if (best !== lambda)
      reasons.push(
        `Lambda would cost ${usd(lambda.monthlyUsd)}: per-second containers cost less for runs this long.`,
      );
    else reasons.push('Short runs: Lambda bills per millisecond with no start-up or one-minute minimum.');
    if (job.needsGpu) reasons.push('GPU jobs run on EC2 only.');
    if (breakEven.value !== null)
      reasons.push(`Break-even: ${breakEven.description} (this job runs ${job.durationMinutes} minutes).`);
  }
  return {
    name: job.name,
    candidates,
    recommendation: recommend(best, reasons),
    breakEvens: [breakEven],
    assumptions: [
      `Lambda gets max(memoryGb, vcpu x ${price(prices, 'limit.lambda.mbPerVcpu')} MB) of memory, arm64`,
      `Fargate bills ${price(prices, 'model.taskStartupS')} s of image pull and start per run, at least ${price(prices, 'limit.fargate.minBilledS')} s; Batch on Fargate runs x86`,
      `EC2 bills ${price(prices, 'model.instanceStartupS')} s of boot per run (a warm compute environment bills less)`,
      'Spot prices use the published maximum discount; an interrupted run is retried at extra cost, not counted',
    ],
  };
}
