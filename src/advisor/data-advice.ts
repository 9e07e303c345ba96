import type { BreakEven, Candidate, ComponentAdvice } from './advice.js';
import { findCrossing } from './break-even.js';
import { cheapestFitting, formatCount, formatUsd, recommend } from './candidate-math.js';
import {
  auroraServerless,
  type DataContext,
  dynamoOnDemand,
  dynamoProvisioned,
  rdsPostgres,
} from './data-candidates.js';
import type { Prices } from './price-table.js';
import type { DataWorkload } from './workload.js';

const usd = formatUsd;
const count = formatCount;

function allCandidates(data: DataWorkload, prices: Prices, context: DataContext): Candidate[] {
  return [
    dynamoOnDemand(data, prices),
    dynamoProvisioned(data, prices, context),
    rdsPostgres(data, prices, context),
    auroraServerless(data, prices, context),
  ];
}

/** Reads and writes scaled together so their total is `total` (their mix stays as given). */
function withTraffic(data: DataWorkload, total: number): DataWorkload {
  const now = data.readsPerMonth + data.writesPerMonth;
  const readShare = now === 0 ? 0.8 : data.readsPerMonth / now;
  return { ...data, readsPerMonth: total * readShare, writesPerMonth: total * (1 - readShare) };
}

function crossing(
  data: DataWorkload,
  prices: Prices,
  context: DataContext,
  cheaperAbove: (candidates: Candidate[]) => Candidate | undefined,
  cheaperBelow: (candidates: Candidate[]) => Candidate | undefined,
): number | null {
  return findCrossing(
    (total) => {
      const candidates = allCandidates(withTraffic(data, total), prices, context);
      return (
        (cheaperAbove(candidates)?.monthlyUsd ?? Number.POSITIVE_INFINITY) -
        (cheaperBelow(candidates)?.monthlyUsd ?? Number.POSITIVE_INFINITY)
      );
    },
    1e3,
    1e13,
  );
}

const byId = (id: string) => (candidates: Candidate[]) => candidates.find((c) => c.id === id && c.fits);
const relational = (candidates: Candidate[]) =>
  cheapestFitting(candidates.filter((c) => !c.id.startsWith('dynamodb')));
const dynamo = (candidates: Candidate[]) =>
  cheapestFitting(candidates.filter((c) => c.id.startsWith('dynamodb')));

function breakEvens(data: DataWorkload, prices: Prices, context: DataContext): BreakEven[] {
  const provisioned = crossing(
    data,
    prices,
    context,
    byId('dynamodb-provisioned'),
    byId('dynamodb-on-demand'),
  );
  const sql = crossing(data, prices, context, relational, dynamo);
  // DynamoDB's exclusions (item size, joins, SQL, transaction size) do not depend on traffic.
  const dynamoFits = dynamoOnDemand(data, prices).fits;
  const entry = (value: number | null, what: string): BreakEven => ({
    description:
      value === null
        ? dynamoFits
          ? `${what}: the costs do not cross between 1 thousand and 10 trillion operations a month`
          : `${what}: no break-even, DynamoDB does not fit this data`
        : `${what} above ${count(value)} reads + writes per month`,
    variable: 'data.readsPerMonth + data.writesPerMonth',
    value: value === null ? null : Math.round(value),
    unit: 'operations per month',
  });
  return [
    entry(provisioned, 'DynamoDB provisioned capacity becomes cheaper than on-demand'),
    entry(sql, 'a relational database becomes cheaper than DynamoDB'),
  ];
}

export function dataAdvice(data: DataWorkload, prices: Prices, context: DataContext): ComponentAdvice {
  const candidates = allCandidates(data, prices, context);
  const best = cheapestFitting(candidates);
  const evens = breakEvens(data, prices, context);
  const reasons: string[] = [];
  const needs = [
    data.needsJoins && 'joins',
    data.needsAnalytics && 'ad-hoc SQL',
    (data.transactionItems ?? 0) > 100 && 'large transactions',
  ].filter(Boolean);
  if (best) {
    if (needs.length > 0)
      reasons.push(`The data needs ${needs.join(', ')}: DynamoDB is ruled out, a relational database fits.`);
    reasons.push(`${best.name} is the cheapest option that fits: ${usd(best.monthlyUsd)} a month.`);
    if (best.id.startsWith('dynamodb') && data.keyAccessOnly)
      reasons.push('Access is by key only: DynamoDB serves it at any scale with no server to size or patch.');
    if (!best.id.startsWith('dynamodb') && context.lambdaClients)
      reasons.push(
        "The API runs on Lambda, so the database's cost includes RDS Proxy to pool its connections.",
      );
    for (const even of evens) if (even.value !== null) reasons.push(`Break-even: ${even.description}.`);
  }
  return {
    candidates,
    recommendation: recommend(best, reasons),
    breakEvens: evens,
    assumptions: [
      `peak-to-average ${context.peakToAverage.toFixed(2)} (the API's, else the model's default)`,
      'strongly consistent reads; each operation touches one item of itemKb',
      'RDS runs Multi-AZ; database capacity per vCPU and per ACU are model assumptions (see prices model.*)',
      context.lambdaClients
        ? 'the API runs on Lambda: relational options include RDS Proxy'
        : 'the API does not run on Lambda: no RDS Proxy',
    ],
  };
}
