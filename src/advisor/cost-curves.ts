import type { Candidate } from './advice.js';
import { API_CANDIDATES } from './api-candidates.js';
import { BATCH_CANDIDATES, lambdaJob } from './job-candidates.js';
import type { Prices } from './price-table.js';
import type { ApiWorkload, JobWorkload } from './workload.js';

/** One line of a chart: a candidate's monthly cost at each x, null where it does not fit or its cost is unknown. */
export interface CostSeries {
  candidateId: string;
  name: string;
  usd: (number | null)[];
}

export interface CostCurves {
  variable: string;
  x: number[];
  series: CostSeries[];
}

/** `count` points from `from` to `to`, evenly spaced on a log scale (traffic spans orders of magnitude). */
export function logSpace(from: number, to: number, count: number): number[] {
  const step = (Math.log(to) - Math.log(from)) / Math.max(1, count - 1);
  return Array.from({ length: count }, (_, i) => Math.exp(Math.log(from) + i * step));
}

function curves(variable: string, x: number[], priceAt: (value: number) => Candidate[]): CostCurves {
  const columns = x.map(priceAt);
  const first = columns[0] ?? [];
  return {
    variable,
    x,
    series: first.map((candidate, index) => ({
      candidateId: candidate.id,
      name: candidate.name,
      usd: columns.map((column) => {
        const at = column[index];
        // Six significant digits, not cents: a run costing a fraction of a cent still draws a smooth line on
        // a log axis, where cents would turn it into steps and zeros.
        return at?.fits && at.monthlyUsd !== null ? Number(at.monthlyUsd.toPrecision(6)) : null;
      }),
    })),
  };
}

/**
 * From `from` to `to`, widened so that `value` (the workload's own) sits at least a factor of 4 inside
 * either end: its marker then stands clear of the axes.
 */
function rangeAround(from: number, to: number, value: number): number[] {
  if (!(value > 0)) return logSpace(from, to, 41);
  return logSpace(Math.min(from, value / 4), Math.max(to, value * 4), 41);
}

/** Monthly cost of every API option against requests per month (the page's traffic chart). */
export function apiCostCurves(
  api: ApiWorkload,
  prices: Prices,
  x = rangeAround(1e5, 1e10, api.requestsPerMonth),
): CostCurves {
  return curves('api.requestsPerMonth', x, (requestsPerMonth) =>
    API_CANDIDATES.map((build) => build({ ...api, requestsPerMonth }, prices)),
  );
}

/** Monthly cost of every option for one job against its duration in minutes (the page's job chart). */
export function jobCostCurves(
  job: JobWorkload,
  prices: Prices,
  x = rangeAround(0.05, 240, job.durationMinutes),
): CostCurves {
  return curves('jobs[].durationMinutes', x, (durationMinutes) =>
    [lambdaJob, ...BATCH_CANDIDATES].map((build) => build({ ...job, durationMinutes }, prices)),
  );
}
