import type { Candidate, LineItem } from './advice.js';

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
