/**
 * Where `diff(x)` (cost of A minus cost of B) changes sign between `low` and `high`, found by bisection on
 * a log scale (traffic spans many orders of magnitude). Null when both ends have the same sign: the
 * curves do not cross in the range, and when either end is undefined (NaN: neither side fits there).
 * The answer is within `relTol` of the crossing.
 */
export function findCrossing(
  diff: (x: number) => number,
  low: number,
  high: number,
  relTol = 1e-4,
): number | null {
  let lo = low;
  let hi = high;
  const atLow = Math.sign(diff(lo));
  const atHigh = Math.sign(diff(hi));
  if (Number.isNaN(atLow) || Number.isNaN(atHigh)) return null;
  if (atLow === 0) return lo;
  if (atHigh === atLow) return null;
  while (hi / lo > 1 + relTol) {
    const mid = Math.sqrt(lo * hi);
    if (Math.sign(diff(mid)) === atLow) lo = mid;
    else hi = mid;
  }
  return hi;
}
