import type { Prices } from './price-table.js';
import { price } from './prices.js';
import type { ApiWorkload } from './workload.js';

/** How the API's traffic is spread over the month, and what that asks of a container fleet. */
export interface ApiLoad {
  avgRps: number;
  peakRps: number;
  peakToAverage: number;
  /** Relative load per hour of the day (mean 1), when the workload gave a profile. */
  profile: number[] | null;
  /** CPU milliseconds one request needs, at most (see cpuMsPerRequest). */
  cpuMs: number;
  taskVcpu: number;
  taskMemoryGb: number;
  /** Requests per second one task serves at the target utilization. */
  perTaskRps: number;
}

export function apiLoad(api: ApiWorkload, prices: Prices): ApiLoad {
  const hours = price(prices, 'model.hoursPerMonth');
  const avgRps = api.requestsPerMonth / (hours * 3600);
  const profile = api.hourlyProfile ? normalised(api.hourlyProfile) : null;
  const peakToAverage = profile
    ? Math.max(...profile)
    : (api.peakToAverage ?? price(prices, 'model.peakToAverage'));
  const cpuMs = cpuMsPerRequest(api, prices);
  const taskMemoryGb = Math.max(2, Math.ceil(api.memoryMb / 1024));
  // Fargate gives at most 8 GB per vCPU: a bigger process needs a bigger task.
  const taskVcpu = Math.max(1, Math.ceil(taskMemoryGb / 8));
  const perTaskRps = ((taskVcpu * 1000) / cpuMs) * price(prices, 'model.targetUtilization');
  return {
    avgRps,
    peakRps: avgRps * peakToAverage,
    peakToAverage,
    profile,
    cpuMs,
    taskVcpu,
    taskMemoryGb,
    perTaskRps,
  };
}

/**
 * An upper bound on the CPU a request uses: Lambda gives a function memoryMb/1769 of a vCPU, so a request
 * lasting avgDurationMs there used at most that share of it (all of it when waiting on nothing). Sizing
 * containers from the bound errs towards more tasks, never fewer.
 */
function cpuMsPerRequest(api: ApiWorkload, prices: Prices): number {
  const share = Math.min(1, api.memoryMb / price(prices, 'limit.lambda.mbPerVcpu'));
  return api.avgDurationMs * share;
}

function normalised(weights: number[]): number[] {
  const mean = weights.reduce((a, b) => a + b, 0) / weights.length;
  return weights.map((w) => w / mean);
}

/**
 * Unit-hours a month (tasks or instances) for units serving `perUnitRps` each, never fewer than the HA
 * minimum. Without a profile the fleet holds the peak all month: scale-out takes minutes (Fargate tasks
 * start in 30-90 s after the alarm), so standing capacity must absorb it. With a profile it follows the
 * day. Counted fractionally: per-second billing of a fleet moving between N and N+1 units averages between.
 */
export function fleetHours(load: ApiLoad, perUnitRps: number, prices: Prices): number {
  const hours = price(prices, 'model.hoursPerMonth');
  const min = price(prices, 'model.minTasks');
  if (!load.profile) return hours * Math.max(min, load.peakRps / perUnitRps);
  const perHourOfDay = load.profile.map((w) => Math.max(min, (load.avgRps * w) / perUnitRps));
  return (hours / 24) * perHourOfDay.reduce((a, b) => a + b, 0);
}

/**
 * ALB capacity units: each hour bills the largest dimension. Assumes every request opens a new connection
 * (25 per LCU) and moves payloadKb (1 GB per LCU-hour to EC2/IP targets): pessimistic, and linear in load.
 */
export function albLcuHours(load: ApiLoad, payloadKb: number, prices: Prices): number {
  const perRps = Math.max(1 / 25, (3600 * payloadKb) / (1024 * 1024));
  return price(prices, 'model.hoursPerMonth') * load.avgRps * perRps;
}
