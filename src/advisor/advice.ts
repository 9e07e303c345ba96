import type { PriceId } from './price-table.js';

/** One priced line of a candidate's monthly bill. */
export interface LineItem {
  item: string;
  quantity: number;
  unit: string;
  usd: number;
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
  monthlyUsd: number;
  lineItems: LineItem[];
}

export interface BreakEven {
  description: string;
  /** The workload field that was varied, e.g. `api.requestsPerMonth`; null when the curves never cross. */
  variable: string;
  value: number | null;
  unit: string;
}

export interface Recommendation {
  candidateId: string;
  name: string;
  monthlyUsd: number;
  reasons: string[];
}

export interface ComponentAdvice {
  candidates: Candidate[];
  /** Null only when no candidate fits. */
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
  prices: Record<string, { value: number; unit: string; source: string; asOf: string }>;
  sources: Record<string, string>;
}
