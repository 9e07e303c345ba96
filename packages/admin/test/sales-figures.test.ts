import { describe, expect, it } from 'vitest';
import {
  bars,
  datesBetween,
  nextDay,
  niceCeiling,
  seriesByCurrency,
  ticks,
  topProducts,
} from '../src/pages/sales-figures';

describe('the sales chart and tables', () => {
  it('scales the value axis to a round ceiling with even gridlines', () => {
    expect(niceCeiling(1234)).toBe(2000);
    expect(niceCeiling(5000)).toBe(5000);
    expect(niceCeiling(5001)).toBe(10_000);
    expect(niceCeiling(7)).toBe(10);
    expect(niceCeiling(0)).toBe(1);
    expect(ticks(2000)).toEqual([0, 500, 1000, 1500, 2000]);
  });

  it('draws bars in proportion, a small sale still visible and an empty day flat', () => {
    const [big, small, none] = bars([2000, 1, 0], 2000, 300, 200);
    expect(big).toMatchObject({ y: 0, height: 200 });
    expect(small?.height).toBe(1);
    expect(none).toMatchObject({ y: 200, height: 0 });
    // Equal slots across the width, each bar inside its own.
    expect(big?.x).toBeCloseTo(15);
    expect(small?.x).toBeCloseTo(115);
    expect(big?.width).toBeCloseTo(70);
  });

  it('lists every day of the range, zero where nothing sold, per currency', () => {
    const dates = datesBetween('2026-02-27', '2026-03-02');
    expect(dates).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
    const series = seriesByCurrency(
      [
        { day: '2026-02-28', currency: 'EUR', orders: 2, units: 3, revenue: 3500 },
        { day: '2026-03-02', currency: 'USD', orders: 1, units: 1, revenue: 600 },
      ],
      dates,
    );
    expect([...series.keys()]).toEqual(['EUR', 'USD']);
    expect(series.get('EUR')?.map((d) => d.revenue)).toEqual([0, 3500, 0, 0]);
    expect(series.get('USD')?.map((d) => d.revenue)).toEqual([0, 0, 0, 600]);
    expect(datesBetween('2026-03-02', '2026-03-01')).toEqual([]);
  });

  it('asks the API for the day after the last one shown (its `to` is exclusive)', () => {
    expect(nextDay('2026-02-28')).toBe('2026-03-01');
    expect(nextDay('2026-12-31')).toBe('2027-01-01');
  });

  it('ranks the top products by revenue within each currency', () => {
    const row = (productId: string, currency: string, revenue: number) => ({
      productId,
      currency,
      revenue,
      orders: 1,
      units: 1,
    });
    const top = topProducts(
      [row('a', 'EUR', 100), row('b', 'EUR', 900), row('c', 'EUR', 500), row('d', 'USD', 50)],
      2,
    );
    expect(top.map((r) => r.productId)).toEqual(['b', 'c', 'd']);
  });
});
