import type { Candidate, LineItem } from './advice.js';
import { type ApiLoad, albLcuHours, apiLoad, fleetHours } from './api-fleet.js';
import { candidate, pricedLine } from './candidate-math.js';
import { type FargateUsage, fargateLines, fargateSizeExclusions } from './fargate-cost.js';
import { httpApiLine, lambdaLines } from './lambda-cost.js';
import type { Prices } from './price-table.js';
import { price } from './prices.js';
import type { ApiWorkload } from './workload.js';

export function lambdaApi(api: ApiWorkload, prices: Prices): Candidate {
  const load = apiLoad(api, prices);
  const exclusions: string[] = [];
  const payloadLimitKb = price(prices, 'limit.lambda.payloadMb') * 1024;
  if (api.payloadKb > payloadLimitKb)
    exclusions.push(
      `a ${api.payloadKb} KB payload is over Lambda's ${payloadLimitKb / 1024} MB synchronous limit`,
    );
  const timeoutMs = price(prices, 'limit.apigw.http.timeoutS') * 1000;
  if (api.avgDurationMs > timeoutMs)
    exclusions.push(
      `requests of ${api.avgDurationMs} ms outlast the HTTP API's ${timeoutMs / 1000} s timeout`,
    );
  const maxMemory = price(prices, 'limit.lambda.memoryMb');
  if (api.memoryMb > maxMemory)
    exclusions.push(`${api.memoryMb} MB is over Lambda's ${maxMemory} MB memory limit`);
  const warnings: string[] = [];
  const concurrency = load.peakRps * (api.avgDurationMs / 1000);
  const quota = price(prices, 'limit.lambda.concurrency');
  if (concurrency > quota)
    warnings.push(
      `peak concurrency ~${Math.ceil(concurrency)} is over the default ${quota}: ask AWS to raise the quota`,
    );
  return candidate(
    {
      id: 'lambda-http-api',
      name: 'Lambda + API Gateway HTTP API',
      exclusions,
      warnings,
      lineItems: [
        ...lambdaLines(api.requestsPerMonth, api.memoryMb, api.avgDurationMs, prices),
        httpApiLine(api.requestsPerMonth, api.payloadKb, prices),
      ],
    },
    prices,
  );
}

/** The ALB in front of any container fleet: hours, capacity units and its two public IPv4 addresses. */
function albLines(load: ApiLoad, api: ApiWorkload, prices: Prices): LineItem[] {
  const hours = price(prices, 'model.hoursPerMonth');
  const lcuHours = albLcuHours(load, api.payloadKb, prices);
  return [
    pricedLine('ALB hours', hours, 'hours', prices, 'alb.hour'),
    pricedLine('ALB capacity units', lcuHours, 'LCU-hours', prices, 'alb.lcu'),
    pricedLine('ALB public IPv4 (2 AZs)', 2 * hours, 'IP-hours', prices, 'ipv4.public'),
  ];
}

/** The API fleet's tasks: on-demand arm64 unless said otherwise. */
function tasks(label: string, hours: number, load: ApiLoad): FargateUsage {
  return { label, hours, vcpu: load.taskVcpu, memoryGb: load.taskMemoryGb, arch: 'arm', spot: false };
}

export function fargateApi(api: ApiWorkload, prices: Prices): Candidate {
  const load = apiLoad(api, prices);
  const taskHours = fleetHours(load, load.perTaskRps, prices);
  return candidate(
    {
      id: 'fargate-alb',
      name: 'ECS on Fargate (arm64) + ALB',
      exclusions: fargateSizeExclusions(load.taskVcpu, load.taskMemoryGb, prices),
      warnings: [],
      lineItems: [
        ...fargateLines(
          tasks(`Fargate tasks (${load.taskVcpu} vCPU / ${load.taskMemoryGb} GB)`, taskHours, load),
          prices,
        ),
        ...albLines(load, api, prices),
      ],
    },
    prices,
  );
}

/**
 * Fargate Spot runs x86 only; the HA minimum stays on on-demand arm64 tasks (capacity provider base) so an
 * interruption never takes the API down, and only the tasks above it run on Spot.
 */
export function fargateSpotApi(api: ApiWorkload, prices: Prices): Candidate {
  const load = apiLoad(api, prices);
  const taskHours = fleetHours(load, load.perTaskRps, prices);
  const baseHours = price(prices, 'model.minTasks') * price(prices, 'model.hoursPerMonth');
  const spotHours = Math.max(0, taskHours - baseHours);
  const size = `${load.taskVcpu} vCPU / ${load.taskMemoryGb} GB`;
  return candidate(
    {
      id: 'fargate-spot-alb',
      name: 'ECS on Fargate Spot above an on-demand base + ALB',
      exclusions: fargateSizeExclusions(load.taskVcpu, load.taskMemoryGb, prices),
      warnings: [
        'Spot tasks get 2 minutes notice before interruption; the discount is the published maximum and varies',
      ],
      lineItems: [
        ...fargateLines(
          tasks(`On-demand base tasks (${size})`, Math.min(taskHours, baseHours), load),
          prices,
        ),
        ...fargateLines(
          { ...tasks(`Fargate Spot tasks, x86 (${size})`, spotHours, load), arch: 'x86', spot: true },
          prices,
        ),
        ...albLines(load, api, prices),
      ],
    },
    prices,
  );
}

/** ECS on EC2: m7g instances (2 vCPU / 8 GiB per .large, ~7.5 GiB left for tasks after the agent). */
export function ecsOnEc2Api(api: ApiWorkload, prices: Prices): Candidate {
  const load = apiLoad(api, prices);
  const sizeFactor = Math.max(1, Math.ceil(load.taskVcpu / 2), Math.ceil(load.taskMemoryGb / 7.5));
  const tasksPerInstance = Math.max(
    1,
    Math.min(
      Math.floor((2 * sizeFactor) / load.taskVcpu),
      Math.floor((7.5 * sizeFactor) / load.taskMemoryGb),
    ),
  );
  const instanceHours = fleetHours(load, load.perTaskRps * tasksPerInstance, prices);
  const instance = sizeFactor === 1 ? 'm7g.large' : `m7g (${sizeFactor}x large)`;
  return candidate(
    {
      id: 'ecs-ec2-alb',
      name: 'ECS on EC2 (m7g, on-demand) + ALB',
      exclusions: [],
      warnings: [
        'you patch and scale the instances (capacity provider); reserved instances or savings plans cut this further',
      ],
      lineItems: [
        {
          item: `EC2 ${instance}, ${tasksPerInstance} task(s) each`,
          quantity: instanceHours,
          unit: 'instance-hours',
          usd: instanceHours * sizeFactor * price(prices, 'ec2.m7g.large'),
          priceIds: ['ec2.m7g.large'],
        },
        ...albLines(load, api, prices),
      ],
    },
    prices,
  );
}

export const API_CANDIDATES = [lambdaApi, fargateApi, fargateSpotApi, ecsOnEc2Api];
