import type { Candidate, LineItem, Recommendation } from './advice.js';
import type { PriceId, Prices } from './price-table.js';
import { price, unknownPrices } from './prices.js';

/** Rounded to cents only at the edge, so break-even bisection works on exact sums. */
export const cents = (usd: number): number => Math.round(usd * 100) / 100;

/**
 * A candidate from its priced lines. A line priced from an unknown entry comes out NaN (see `price()`): its
 * cost, and so the candidate's, is then unknown (null), with the missing ids named, rather than a sum that
 * silently leaves the line out.
 */
export function candidate(
  fields: Omit<Candidate, 'monthlyUsd' | 'fits' | 'missingPrices'> & { lineItems: LineItem[] },
  prices: Prices,
): Candidate {
  const unknown = fields.lineItems.filter((line) => line.usd === null || Number.isNaN(line.usd));
  const lineItems = fields.lineItems.map((line) => (unknown.includes(line) ? { ...line, usd: null } : line));
  const known = unknown.length === 0;
  return {
    ...fields,
    lineItems,
    fits: fields.exclusions.length === 0,
    monthlyUsd: known ? lineItems.reduce((sum, line) => sum + (line.usd ?? 0), 0) : null,
    missingPrices: unknownPrices(
      prices,
      unknown.flatMap((line) => line.priceIds),
    ),
  };
}

/** Applies tiered unit prices: `tiers` are [upTo, price] with the last upTo = Infinity. */
export function tiered(quantity: number, tiers: readonly (readonly [number, number])[]): number {
  let cost = 0;
  let from = 0;
  for (const [upTo, unitPrice] of tiers) {
    if (quantity <= from) break;
    cost += (Math.min(quantity, upTo) - from) * unitPrice;
    from = upTo;
  }
  return cost;
}

/** A candidate whose monthly cost is known. */
export type PricedCandidate = Candidate & { monthlyUsd: number };

const priced = (c: Candidate): c is PricedCandidate => c.monthlyUsd !== null;

/** The cheapest candidate that fits and whose cost is known, or undefined: unknown costs are never compared. */
export function cheapestFitting(candidates: readonly Candidate[]): PricedCandidate | undefined {
  return candidates
    .filter((c) => c.fits)
    .filter(priced)
    .sort((a, b) => a.monthlyUsd - b.monthlyUsd)[0];
}

/** What to recommend: the cheapest fitting candidate of known cost, else the first that fits (on fit alone). */
export function bestFitting(candidates: readonly Candidate[]): Candidate | undefined {
  return cheapestFitting(candidates) ?? candidates.find((c) => c.fits);
}

/** A line priced at one table entry: quantity x unit price (x factor, e.g. a Spot discount). */
export function pricedLine(
  item: string,
  quantity: number,
  unit: string,
  prices: Prices,
  id: PriceId,
  factor = 1,
): LineItem {
  return { item, quantity, unit, usd: quantity * price(prices, id) * factor, priceIds: [id] };
}

/**
 * Thousands separators written by hand: toLocaleString and Intl load ICU data on first use, which the API
 * would pay for on a Lambda cold start. `1234567.891` -> `1,234,567.891`.
 */
function grouped(decimal: string): string {
  const [whole = '', fraction] = decimal.split('.');
  const withCommas = whole.replace(/\B(?=(\d{3})+$)/g, ',');
  return fraction === undefined ? withCommas : `${withCommas}.${fraction}`;
}

/** Dollars and cents with thousands separators: `$3,296.67`, the one money format of the CLI and the page. */
export const formatUsd = (usd: number): string =>
  `${usd < 0 ? '-' : ''}$${grouped(Math.abs(usd).toFixed(2))}`;

/** A monthly cost, or what stands in for one nobody can compute. */
export const formatCost = (usd: number | null): string => (usd === null ? 'cost unknown' : formatUsd(usd));

/** A whole number with thousands separators: `54,200,234`. */
export const formatCount = (n: number): string =>
  `${n < 0 ? '-' : ''}${grouped(Math.abs(Math.round(n)).toFixed(0))}`;

/** `a`, `a and b`, `a, b and c`. */
export function listed(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/**
 * The recommendation for `best` (null when nothing fits). When no fitting option has a known cost it rests
 * on fit alone and says so; fitting options whose cost is unknown are named as not compared; soft warnings
 * come last.
 */
export function recommend(
  best: Candidate | undefined,
  reasons: string[],
  candidates: readonly Candidate[],
): Recommendation | null {
  if (!best) return null;
  const unknown = candidates.filter((c) => c.fits && c.monthlyUsd === null);
  const give = listed([...new Set(unknown.flatMap((c) => c.missingPrices))]);
  const all =
    best.monthlyUsd === null
      ? [
          `Recommended on fit alone: no option that fits has a known cost (give ${give} with --prices).`,
          ...reasons,
        ]
      : [
          ...reasons,
          ...(unknown.length > 0
            ? [
                `Not compared on cost: ${listed(unknown.map((c) => c.name))} (cost unknown: give ${give} with --prices).`,
              ]
            : []),
        ];
  if (best.warnings.length > 0) all.push(`Mind: ${best.warnings.join('; ')}.`);
  return { candidateId: best.id, name: best.name, monthlyUsd: best.monthlyUsd, reasons: all };
}
