import type { BreakEven, Candidate, ComponentAdvice } from './advice.js';
import { API_CANDIDATES, lambdaApi } from './api-candidates.js';
import { apiLoad } from './api-fleet.js';
import { findCrossing } from './break-even.js';
import { cheapestFitting, formatCount, formatUsd, recommend } from './candidate-math.js';
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
    return (container?.monthlyUsd ?? Number.POSITIVE_INFINITY) - lambdaApi(at, prices).monthlyUsd;
  };
}

export function apiBreakEven(api: ApiWorkload, prices: Prices): BreakEven {
  const crossing = findCrossing(containerMinusLambda(api, prices), 1e3, 1e13);
  return {
    description:
      crossing === null
        ? 'Lambda and the container options do not cross between 1 thousand and 10 trillion requests a month'
        : `containers become cheaper than Lambda above ${count(crossing)} requests per month`,
    variable: 'api.requestsPerMonth',
    value: crossing === null ? null : Math.round(crossing),
    unit: 'requests per month',
  };
}

export function apiAdvice(api: ApiWorkload, prices: Prices): ComponentAdvice {
  const lambda = lambdaApi(api, prices);
  const others = containers(api, prices);
  const candidates = [lambda, ...others];
  const best = cheapestFitting(candidates);
  const breakEven = apiBreakEven(api, prices);
  const load = apiLoad(api, prices);
  const reasons: string[] = [];
  if (best) {
    const container = cheapestFitting(others);
    if (best === lambda && container)
      reasons.push(
        `Lambda + HTTP API costs ${usd(lambda.monthlyUsd)} a month against ${usd(container.monthlyUsd)} for the cheapest container option (${container.name}): at this traffic you pay per request, and containers pay for an idle HA minimum and a load balancer.`,
      );
    else if (best !== lambda && lambda.fits)
      reasons.push(
        `${best.name} costs ${usd(best.monthlyUsd)} a month against ${usd(lambda.monthlyUsd)} for Lambda + HTTP API: steady traffic keeps the fleet busy, and per-request pricing costs more than busy containers.`,
      );
    else if (best !== lambda)
      reasons.push(
        `Lambda does not fit (${lambda.exclusions.join('; ')}), so the cheapest container option wins.`,
      );
    if (breakEven.value !== null)
      reasons.push(`Break-even: ${breakEven.description} (now ${count(api.requestsPerMonth)}).`);
  }
  return {
    candidates,
    recommendation: recommend(best, reasons),
    breakEvens: [breakEven],
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
