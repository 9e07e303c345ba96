import type { LineItem } from './advice.js';
import { tiered } from './candidate-math.js';
import type { Prices } from './price-table.js';
import { price } from './prices.js';

/**
 * Lambda on arm64: requests plus GB-seconds in AWS's monthly tiers (first 7.5B GB-s, next 11.25B, rest).
 * Duration is billed per 1 ms; INIT is billed too since 2025-08-01 but is left out (cold starts are rare
 * under steady traffic and a small share of a long job).
 */
export function lambdaLines(
  invocations: number,
  memoryMb: number,
  durationMs: number,
  prices: Prices,
): LineItem[] {
  const gbSeconds = invocations * (memoryMb / 1024) * (Math.ceil(durationMs) / 1000);
  return [
    {
      item: 'Lambda requests',
      quantity: invocations,
      unit: 'requests',
      usd: invocations * price(prices, 'lambda.request'),
      priceIds: ['lambda.request'],
    },
    {
      item: `Lambda duration (${memoryMb} MB, arm64)`,
      quantity: gbSeconds,
      unit: 'GB-seconds',
      usd: tiered(gbSeconds, [
        [7.5e9, price(prices, 'lambda.gbs.arm.t1')],
        [18.75e9, price(prices, 'lambda.gbs.arm.t2')],
        [Number.POSITIVE_INFINITY, price(prices, 'lambda.gbs.arm.t3')],
      ]),
      priceIds: ['lambda.gbs.arm.t1', 'lambda.gbs.arm.t2', 'lambda.gbs.arm.t3'],
    },
  ];
}

/** HTTP API requests, metered in 512 KB increments (a 1.2 MB request bills as 3), first 300M at the higher price. */
export function httpApiLine(requests: number, payloadKb: number, prices: Prices): LineItem {
  const billed = requests * Math.max(1, Math.ceil(payloadKb / price(prices, 'limit.apigw.meteringKb')));
  return {
    item: 'API Gateway HTTP API requests',
    quantity: billed,
    unit: 'billed requests',
    usd: tiered(billed, [
      [300e6, price(prices, 'apigw.http.t1')],
      [Number.POSITIVE_INFINITY, price(prices, 'apigw.http.t2')],
    ]),
    priceIds: ['apigw.http.t1', 'apigw.http.t2', 'limit.apigw.meteringKb'],
  };
}
