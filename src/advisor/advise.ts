import type { Advice, Candidate, ComponentAdvice } from './advice.js';
import { apiAdvice } from './api-advice.js';
import { apiLoad } from './api-fleet.js';
import { cents } from './candidate-math.js';
import { dataAdvice } from './data-advice.js';
import { jobAdvice } from './job-advice.js';
import {
  DEFAULT_PRICES,
  PRICE_SOURCES,
  PRICE_TABLE_AS_OF,
  type PriceId,
  type Prices,
} from './price-table.js';
import { price } from './prices.js';
import type { Workload } from './workload.js';

/**
 * The advisor: for each component the workload describes, every candidate with its monthly bill, the hard
 * limits that rule candidates out, the recommendation with reasons, and break-even points. Pure: same
 * workload and prices, same advice.
 */
export function advise(workload: Workload, prices: Prices = DEFAULT_PRICES): Advice {
  const advice: Advice = {
    region: workload.region,
    currency: 'USD',
    pricesAsOf: PRICE_TABLE_AS_OF,
    prices: {},
    sources: {},
  };
  if (workload.api) advice.api = rounded(apiAdvice(workload.api, prices));
  if (workload.jobs) advice.jobs = workload.jobs.map((job) => rounded(jobAdvice(job, prices)));
  if (workload.data) {
    const peakToAverage = workload.api
      ? apiLoad(workload.api, prices).peakToAverage
      : price(prices, 'model.peakToAverage');
    const lambdaClients = advice.api?.recommendation?.candidateId === 'lambda-http-api';
    advice.data = rounded(dataAdvice(workload.data, prices, { peakToAverage, lambdaClients }));
  }
  // Priced lines name their entries; the limits and assumptions behind exclusions and sizing come along.
  const used = new Set<PriceId>(
    [advice.api, ...(advice.jobs ?? []), advice.data].flatMap(
      (c) => c?.candidates.flatMap((x) => x.lineItems.flatMap((l) => l.priceIds)) ?? [],
    ),
  );
  if (used.size > 0)
    for (const id of Object.keys(prices) as PriceId[]) if (/^(limit|model)\./.test(id)) used.add(id);
  for (const id of [...used].sort()) {
    const entry = prices[id];
    advice.prices[id] = entry;
    advice.sources[entry.source] = PRICE_SOURCES[entry.source] ?? 'given with --prices';
  }
  return advice;
}

const centsOrUnknown = (usd: number | null) => (usd === null ? null : cents(usd));

/** Cents in the output; the model itself works on exact sums so bisection stays smooth. */
function rounded<T extends ComponentAdvice>(component: T): T {
  const round = (c: Candidate): Candidate => ({
    ...c,
    monthlyUsd: centsOrUnknown(c.monthlyUsd),
    lineItems: c.lineItems.map((l) => ({
      ...l,
      usd: centsOrUnknown(l.usd),
      quantity: Number(l.quantity.toPrecision(6)),
    })),
  });
  return {
    ...component,
    candidates: component.candidates.map(round),
    recommendation: component.recommendation && {
      ...component.recommendation,
      monthlyUsd: centsOrUnknown(component.recommendation.monthlyUsd),
    },
  };
}
