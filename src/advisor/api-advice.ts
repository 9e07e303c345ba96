import type { BreakEven, Candidate, ComponentAdvice } from './advice.js';
import { API_CANDIDATES, lambdaApi } from './api-candidates.js';
import { apiLoad } from './api-fleet.js';
import { findCrossing } from './break-even.js';
import { bestFitting, cheapestFitting, formatCount, formatUsd, recommend } from './candidate-math.js';
import type { Prices } from './price-table.js';
import { price } from './prices.js';
import type { ApiWorkload } from './workload.js';

const usd = formatUsd;
const count = formatCount;

function containers(api: ApiWorkload, prices: Prices): Candidate[] {
  return API_CANDIDATES.filter((c) => c !== lambdaApi).map((build) => build(api, prices));
}

/** The cheapest fitting container option's cost minus Lambda's, for the same API at `requestsPerMonth`. */
function containerMinusLambda(api: ApiWorkload, prices: Prices) {
  return (requestsPerMonth: number) => {
    const at = { ...api, requestsPerMonth };
    const container = cheapestFitting(containers(at, prices));
    const lambda = lambdaApi(at, prices).monthlyUsd ?? Number.NaN;
    return (container?.monthlyUsd ?? Number.POSITIVE_INFINITY) - lambda;
  };
}

/** Where break-evens are looked for: a hobby API to far beyond any single service's traffic. */
const RANGE = [1e3, 1e13] as const;
const IN_RANGE = 'from a thousand to 10 trillion requests a month';

export function apiBreakEven(api: ApiWorkload, prices: Prices): BreakEven {
  const breakEven = (value: number | null, description: string): BreakEven => ({
    description,
    variable: 'api.requestsPerMonth',
    value,
    unit: 'requests per month',
  });
  // Lambda's limits (payload, timeout, memory) do not depend on traffic: unfit once, unfit everywhere.
  const lambda = lambdaApi(api, prices);
  if (!lambda.fits)
    return breakEven(null, `No break-even: Lambda does not fit this API (${lambda.exclusions.join('; ')}).`);
  const diff = containerMinusLambda(api, prices);
  const crossing = findCrossing(diff, ...RANGE);
  if (crossing === null) {
    return breakEven(
      null,
      Number.isNaN(diff(RANGE[0]))
        ? "No break-even: Lambda's cost for this API is unknown."
        : diff(RANGE[0]) > 0
          ? `No break-even: Lambda stays cheaper than every container option ${IN_RANGE}.`
          : `No break-even: a container option stays cheaper than Lambda ${IN_RANGE}.`,
    );
  }
  return breakEven(
    Math.round(crossing),
    `Containers become cheaper than Lambda above ${count(crossing)} requests a month (this API: ${count(api.requestsPerMonth)}).`,
  );
}

export function apiAdvice(api: ApiWorkload, prices: Prices): ComponentAdvice {
  const lambda = lambdaApi(api, prices);
  const others = containers(api, prices);
  const candidates = [lambda, ...others];
  const best = bestFitting(candidates);
  const load = apiLoad(api, prices);
  const reasons: string[] = [];
  const container = cheapestFitting(others);
  if (best?.monthlyUsd != null) {
    if (best === lambda && container)
      reasons.push(
        `Lambda + HTTP API costs ${usd(best.monthlyUsd)} a month against ${usd(container.monthlyUsd)} for the cheapest container option (${container.name}): at this traffic you pay per request, and containers pay for an idle HA minimum and a load balancer.`,
      );
    else if (best !== lambda && lambda.fits && lambda.monthlyUsd !== null)
      reasons.push(
        `${best.name} costs ${usd(best.monthlyUsd)} a month against ${usd(lambda.monthlyUsd)} for Lambda + HTTP API: steady traffic keeps the fleet busy, and per-request pricing costs more than busy containers.`,
      );
  }
  if (best && best !== lambda && !lambda.fits)
    reasons.push(
      `Lambda does not fit (${lambda.exclusions.join('; ')}), so the cheapest container option wins.`,
    );
  return {
    candidates,
    recommendation: recommend(best, reasons, candidates),
    breakEvens: [apiBreakEven(api, prices)],
    assumptions: [
      `average ${load.avgRps.toFixed(2)} req/s, peak ${load.peakRps.toFixed(2)} req/s (peak-to-average ${load.peakToAverage.toFixed(2)}${api.peakToAverage || api.hourlyProfile ? '' : ', the default'})`,
      `a request uses at most ${load.cpuMs.toFixed(1)} ms of CPU (its Lambda duration at Lambda's ${api.memoryMb} MB CPU share), so one ${load.taskVcpu} vCPU task serves ${load.perTaskRps.toFixed(1)} req/s at ${price(prices, 'model.targetUtilization') * 100}% CPU`,
      api.hourlyProfile
        ? 'the container fleet follows the hourly profile, never below the HA minimum'
        : 'the container fleet holds the peak all month (give hourlyProfile to let it follow the day)',
      `at least ${price(prices, 'model.minTasks')} tasks/instances for high availability across two AZs`,
      'no free tier; NAT, logs and data transfer are left out: they cost about the same for every option',
    ],
  };
}
