import type { PriceId } from './price-table.js';

/** One priced line of a candidate's monthly bill. */
export interface LineItem {
  item: string;
  quantity: number;
  unit: string;
  /** Null when a price the line needs is unknown (the candidate's `missingPrices` names it). */
  usd: number | null;
  /** The table entries the line was priced from (their sources and dates are in `Advice.prices`). */
  priceIds: PriceId[];
}

export interface Candidate {
  id: string;
  name: string;
  /** False when a hard limit rules it out; `exclusions` then says which, in plain words. */
  fits: boolean;
  exclusions: string[];
  /** Soft concerns that do not exclude (raisable quotas, interruptions, ...). */
  warnings: string[];
  /** Null when a price it needs is unknown: never shown as $0, never recommended on cost. */
  monthlyUsd: number | null;
  /** The price ids its cost needs and nobody has given (`--prices` takes them); empty when the cost is known. */
  missingPrices: PriceId[];
  lineItems: LineItem[];
}

export interface BreakEven {
  /** One sentence; "No break-even: ..." when the costs do not cross. */
  description: string;
  /** The workload field that was varied, e.g. `api.requestsPerMonth`. */
  variable: string;
  /** Where the costs cross; null when they do not cross in range or one side never fits. */
  value: number | null;
  unit: string;
}

export interface Recommendation {
  candidateId: string;
  name: string;
  /** Null when no option that fits has a known cost: the recommendation then rests on fit alone. */
  monthlyUsd: number | null;
  reasons: string[];
}

export interface ComponentAdvice {
  candidates: Candidate[];
  /** The cheapest fitting candidate of known cost, else the first that fits; null only when none fits. */
  recommendation: Recommendation | null;
  breakEvens: BreakEven[];
  /** Defaults and modelling choices this component's numbers rest on. */
  assumptions: string[];
}

export interface JobAdvice extends ComponentAdvice {
  name: string;
}

export interface Advice {
  region: string;
  currency: 'USD';
  pricesAsOf: string;
  api?: ComponentAdvice;
  jobs?: JobAdvice[];
  data?: ComponentAdvice;
  /** Every table entry the advice rests on (prices, limits, assumptions), with value, unit, source and as-of date. */
  prices: Record<string, { value: number | null; unit: string; source: string; asOf: string }>;
  sources: Record<string, string>;
}
