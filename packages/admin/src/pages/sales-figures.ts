// The sales report's rows shaped for the page: a day for every date of the range (a day without sales is a
// zero, not a gap), one series per currency (amounts in different currencies are never added), the chart's
// scale, and the top products.

export interface DayRow {
  day: string;
  currency: string;
  orders: number;
  units: number;
  revenue: number;
}

export interface ProductRow {
  productId: string;
  currency: string;
  orders: number;
  units: number;
  revenue: number;
}

export interface DayTotal {
  day: string;
  orders: number;
  units: number;
  revenue: number;
}

const DAY_MS = 86_400_000;

/** "2026-03-01" → the next day's date, for the API's exclusive `to` (the form's "to" is inclusive). */
export function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

/** Today's date in UTC (the report's days are UTC days), `days` ago when given. */
export function utcDate(now: number, daysAgo = 0): string {
  return new Date(now - daysAgo * DAY_MS).toISOString().slice(0, 10);
}

/** Every date from `from` to `to`, both included; empty when `to` is before `from` or either is no date. */
export function datesBetween(from: string, to: string): string[] {
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`);
  if (Number.isNaN(start) || Number.isNaN(end)) return [];
  const dates: string[] = [];
  for (let t = start; t <= end && dates.length <= 366; t += DAY_MS)
    dates.push(new Date(t).toISOString().slice(0, 10));
  return dates;
}

/** Per currency (in the order they first appear), a total for each of `dates`, zero where nothing sold. */
export function seriesByCurrency(rows: readonly DayRow[], dates: readonly string[]): Map<string, DayTotal[]> {
  const series = new Map<string, DayTotal[]>();
  for (const row of rows) {
    let days = series.get(row.currency);
    if (days === undefined) {
      days = dates.map((day) => ({ day, orders: 0, units: 0, revenue: 0 }));
      series.set(row.currency, days);
    }
    const total = days.find((d) => d.day === row.day);
    if (total === undefined) continue;
    total.orders += row.orders;
    total.units += row.units;
    total.revenue += row.revenue;
  }
  return series;
}

/**
 * The top of the value axis: the smallest 1, 2 or 5 × 10ⁿ at or above `max`, so gridlines fall on round
 * amounts (1,234 → 2,000; 0 → 1: an empty chart still has an axis).
 */
export function niceCeiling(max: number): number {
  if (!(max > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 5, 10]) if (step * power >= max) return step * power;
  return 10 * power;
}

/** `count` + 1 evenly spaced gridline values from 0 to `ceiling`. */
export function ticks(ceiling: number, count = 4): number[] {
  return Array.from({ length: count + 1 }, (_, i) => (ceiling * i) / count);
}

export interface Bar {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The bars of `values` in a plot `width` × `height` (SVG units, y down), scaled to `ceiling`: equal slots,
 * each bar 70 % of its slot (at least 1 unit wide), a non-zero value at least 1 unit tall so it shows.
 */
export function bars(values: readonly number[], ceiling: number, width: number, height: number): Bar[] {
  const slot = values.length === 0 ? 0 : width / values.length;
  const barWidth = Math.max(1, slot * 0.7);
  return values.map((value, i) => {
    const scaled = ceiling > 0 ? (Math.max(0, value) / ceiling) * height : 0;
    const h = value > 0 ? Math.max(1, scaled) : 0;
    return { x: i * slot + (slot - barWidth) / 2, y: height - h, width: barWidth, height: h };
  });
}

/** The `limit` best-selling products by revenue, per currency (highest first; ties by units, then id). */
export function topProducts(rows: readonly ProductRow[], limit = 10): ProductRow[] {
  return [...rows]
    .sort(
      (a, b) =>
        a.currency.localeCompare(b.currency) ||
        b.revenue - a.revenue ||
        b.units - a.units ||
        a.productId.localeCompare(b.productId),
    )
    .filter((row, i, sorted) => sorted.slice(0, i).filter((r) => r.currency === row.currency).length < limit);
}
