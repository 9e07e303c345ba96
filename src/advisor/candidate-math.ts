import type { Candidate, LineItem, Recommendation } from './advice.js';
import type { PriceId, Prices } from './price-table.js';

/** Rounded to cents only at the edge, so break-even bisection works on exact sums. */
export const cents = (usd: number): number => Math.round(usd * 100) / 100;

export function candidate(
  fields: Omit<Candidate, 'monthlyUsd' | 'fits'> & { lineItems: LineItem[] },
): Candidate {
  const monthlyUsd = fields.lineItems.reduce((sum, line) => sum + line.usd, 0);
  return { ...fields, fits: fields.exclusions.length === 0, monthlyUsd };
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

/** The cheapest candidate that fits, or undefined. */
export function cheapestFitting(candidates: readonly Candidate[]): Candidate | undefined {
  return candidates.filter((c) => c.fits).sort((a, b) => a.monthlyUsd - b.monthlyUsd)[0];
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
  return { item, quantity, unit, usd: quantity * prices[id].value * factor, priceIds: [id] };
}

export const formatUsd = (usd: number): string => `$${usd.toFixed(2)}`;
export const formatCount = (n: number): string => Math.round(n).toLocaleString('en-US');

/** The recommendation for `best` (or null when nothing fits), its soft warnings appended to the reasons. */
export function recommend(best: Candidate | undefined, reasons: string[]): Recommendation | null {
  if (!best) return null;
  const all = best.warnings.length > 0 ? [...reasons, `Mind: ${best.warnings.join('; ')}.`] : reasons;
  return { candidateId: best.id, name: best.name, monthlyUsd: best.monthlyUsd, reasons: all };
}
