import type { BreakEven, Candidate, ComponentAdvice } from './advice.js';
import { findCrossing } from './break-even.js';
import { bestFitting, cheapestFitting, formatCount, formatUsd, listed, recommend } from './candidate-math.js';
import {
  auroraServerless,
  type DataContext,
  dynamoOnDemand,
  dynamoProvisioned,
  rdsPostgres,
} from './data-candidates.js';
import type { Prices } from './price-table.js';
import { price } from './prices.js';
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

/** Where break-evens are looked for: from a tiny store to far beyond any single database's traffic. */
const RANGE = [1e3, 1e13] as const;
const IN_RANGE = 'from a thousand to 10 trillion reads and writes a month';

type Pick = (candidates: Candidate[]) => Candidate | undefined;

/** Cost of `cheaperAbove`'s pick minus `cheaperBelow`'s as the total traffic varies (Infinity when none fits). */
function difference(data: DataWorkload, prices: Prices, context: DataContext, above: Pick, below: Pick) {
  return (total: number) => {
    const candidates = allCandidates(withTraffic(data, total), prices, context);
    const cost = (pick: Candidate | undefined) =>
      pick === undefined ? Number.POSITIVE_INFINITY : (pick.monthlyUsd ?? Number.NaN);
    return cost(above(candidates)) - cost(below(candidates));
  };
}

const byId = (id: string) => (candidates: Candidate[]) => candidates.find((c) => c.id === id && c.fits);
const relational = (candidates: Candidate[]) =>
  cheapestFitting(candidates.filter((c) => !c.id.startsWith('dynamodb')));
const dynamo = (candidates: Candidate[]) =>
  cheapestFitting(candidates.filter((c) => c.id.startsWith('dynamodb')));

/**
 * One break-even: where `above` becomes cheaper than `below` as traffic grows, or a sentence saying why
 * there is none (`whenNone[0]` when `below` stays cheaper over the whole range, `whenNone[1]` when `above`
 * does).
 */
function breakEven(
  diff: (total: number) => number,
  crosses: string,
  whenNone: readonly [string, string],
): BreakEven {
  const crossing = findCrossing(diff, ...RANGE);
  const entry = (value: number | null, description: string): BreakEven => ({
    description,
    variable: 'data.readsPerMonth + data.writesPerMonth',
    value,
    unit: 'operations per month',
  });
  if (crossing !== null)
    return entry(Math.round(crossing), `${crosses} above ${count(crossing)} reads and writes a month.`);
  const atLow = diff(RANGE[0]);
  if (Number.isNaN(atLow)) return entry(null, 'No break-even: a cost it needs is unknown.');
  return entry(null, `No break-even: ${whenNone[atLow > 0 ? 0 : 1]} ${IN_RANGE}.`);
}

/** What the data needs that DynamoDB lacks, in a few words each (empty when DynamoDB fits). */
function dynamoShortfalls(data: DataWorkload, prices: Prices): string[] {
  return [
    data.itemKb > price(prices, 'limit.ddb.itemKb') && `items of ${data.itemKb} KB`,
    data.needsJoins && 'joins',
    data.needsAnalytics && 'ad-hoc SQL',
    data.needsTransactions &&
      (data.transactionItems ?? 0) > price(prices, 'limit.ddb.transactionItems') &&
      `transactions of ${data.transactionItems} items`,
  ].filter((need): need is string => typeof need === 'string');
}

function breakEvens(data: DataWorkload, prices: Prices, context: DataContext): BreakEven[] {
  // DynamoDB's exclusions (item size, joins, SQL, transaction size) do not depend on traffic: one
  // statement then covers both comparisons.
  const shortfalls = dynamoShortfalls(data, prices);
  if (shortfalls.length > 0)
    return [
      {
        description: `No break-even: DynamoDB does not fit data that needs ${listed(shortfalls)}, so a relational database is the only choice.`,
        variable: 'data.readsPerMonth + data.writesPerMonth',
        value: null,
        unit: 'operations per month',
      },
    ];
  const diff = (above: Pick, below: Pick) => difference(data, prices, context, above, below);
  return [
    breakEven(
      diff(byId('dynamodb-provisioned'), byId('dynamodb-on-demand')),
      'DynamoDB provisioned capacity becomes cheaper than on-demand',
      [
        'DynamoDB on-demand stays cheaper than provisioned capacity',
        'DynamoDB provisioned capacity stays cheaper than on-demand',
      ],
    ),
    breakEven(diff(relational, dynamo), 'A relational database becomes cheaper than DynamoDB', [
      'DynamoDB stays cheaper than a relational database',
      'a relational database stays cheaper than DynamoDB',
    ]),
  ];
}

export function dataAdvice(data: DataWorkload, prices: Prices, context: DataContext): ComponentAdvice {
  const candidates = allCandidates(data, prices, context);
  const best = bestFitting(candidates);
  const reasons: string[] = [];
  const needs = dynamoShortfalls(data, prices);
  if (best) {
    if (needs.length > 0)
      reasons.push(`The data needs ${listed(needs)}: DynamoDB is ruled out, a relational database fits.`);
    if (best.monthlyUsd !== null)
      reasons.push(`${best.name} is the cheapest option that fits: ${usd(best.monthlyUsd)} a month.`);
    if (best.id.startsWith('dynamodb') && data.keyAccessOnly)
      reasons.push('Access is by key only: DynamoDB serves it at any scale with no server to size or patch.');
    if (!best.id.startsWith('dynamodb') && context.lambdaClients)
      reasons.push(
        "The API runs on Lambda, so the database's cost includes RDS Proxy to pool its connections.",
      );
  }
  return {
    candidates,
    recommendation: recommend(best, reasons, candidates),
    breakEvens: breakEvens(data, prices, context),
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
