import type { LineItem } from './advice.js';
import type { PriceId, Prices } from './price-table.js';
import { price } from './prices.js';

export interface FargateUsage {
  label: string;
  /** Task-hours billed. */
  hours: number;
  vcpu: number;
  memoryGb: number;
  arch: 'arm' | 'x86';
  /** Fargate Spot (x86 only) at the table's discount. */
  spot: boolean;
  /** Further entries the hours were derived from (minimum billing, start-up time). */
  basis?: PriceId[];
}

/** Fargate bills vCPU-hours and GB-hours separately; Spot takes its discount off both. */
export function fargateLines(usage: FargateUsage, prices: Prices): LineItem[] {
  const vcpuId = usage.arch === 'arm' ? 'fargate.arm.vcpu' : 'fargate.x86.vcpu';
  const gbId = usage.arch === 'arm' ? 'fargate.arm.gb' : 'fargate.x86.gb';
  const factor = usage.spot ? 1 - price(prices, 'fargate.spot.discount') / 100 : 1;
  const basis: PriceId[] = [
    ...(usage.basis ?? []),
    ...(usage.spot ? ['fargate.spot.discount' as const] : []),
  ];
  const line = (what: string, quantity: number, unit: string, id: PriceId): LineItem => ({
    item: `${usage.label} ${what}`,
    quantity,
    unit,
    usd: quantity * price(prices, id) * factor,
    priceIds: [id, ...basis],
  });
  return [
    line('vCPU', usage.hours * usage.vcpu, 'vCPU-hours', vcpuId),
    line('memory', usage.hours * usage.memoryGb, 'GB-hours', gbId),
  ];
}

/** Fargate's per-task size limits, as exclusion reasons. */
export function fargateSizeExclusions(vcpu: number, memoryGb: number, prices: Prices): string[] {
  const maxVcpu = price(prices, 'limit.fargate.vcpu');
  const maxGb = price(prices, 'limit.fargate.memoryGb');
  return [
    ...(vcpu > maxVcpu ? [`${vcpu} vCPU is over Fargate's ${maxVcpu} vCPU per task`] : []),
    ...(memoryGb > maxGb ? [`${memoryGb} GB is over Fargate's ${maxGb} GB per task`] : []),
  ];
}
