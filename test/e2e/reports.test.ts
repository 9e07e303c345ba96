import { beforeAll, describe, expect, it } from 'vitest';
import { useOrderingApi } from '../support/ordering-api.js';
import { json } from '../support/test-api.js';

describe('GET /reports/sales (computed in PostgreSQL)', () => {
  const api = useOrderingApi();
  let mug: string;
  let tea: string;
  let cup: string;
  const days = new Set<string>();
  const from = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  const to = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);

  beforeAll(async () => {
    mug = await api().stockedProduct(10, { price: { amount: 1000, currency: 'EUR' } });
    tea = await api().stockedProduct(10, { price: { amount: 500, currency: 'EUR' } });
    cup = await api().stockedProduct(10, { price: { amount: 200, currency: 'USD' } });
    const place = async (sub: string, items: { productId: string; quantity: number }[]) => {
      const response = await api().placeOrder(await api().customer(sub), { items });
      expect(response.status).toBe(201);
      const order = await json(response);
      days.add(order.createdAt.slice(0, 10));
      return order;
    };
    await place('alice', [
      { productId: mug, quantity: 2 },
      { productId: tea, quantity: 1 },
    ]);
    await place('bob', [{ productId: cup, quantity: 3 }]);
    await place('erin', [{ productId: mug, quantity: 1 }]);
    const cancelled = await place('carol', [{ productId: mug, quantity: 4 }]);
    const response = await api().request(`/orders/${cancelled.id}/cancel`, {
      method: 'POST',
      headers: await api().customer('carol'),
    });
    expect(response.status).toBe(200);
  });

  const report = (query: string, auth = api().admin) =>
    api().request(`/reports/sales?${query}`, { headers: auth });

  it('sums orders, units and revenue per product and currency, leaving out cancelled orders', async () => {
    const response = await report(`from=${from}&to=${to}&groupBy=product`);
    expect(response.status).toBe(200);
    const body = await json(response);
    expect(body).toMatchObject({
      from: `${from}T00:00:00.000Z`,
      to: `${to}T00:00:00.000Z`,
      groupBy: 'product',
    });
    // No discounts, shipping or tax rates in this shop: those columns are 0, the subtotal is the revenue.
    const none = { discount: 0, shipping: 0, tax: 0 };
    const expected = [
      { productId: mug, currency: 'EUR', orders: 2, units: 3, revenue: 3000, subtotal: 3000, ...none },
      { productId: tea, currency: 'EUR', orders: 1, units: 1, revenue: 500, subtotal: 500, ...none },
      { productId: cup, currency: 'USD', orders: 1, units: 3, revenue: 600, subtotal: 600, ...none },
    ].sort((a, b) => (a.productId < b.productId ? -1 : 1));
    expect(body.rows).toEqual(expected);
  });

  it('sums per UTC day and currency, an order counted once however many lines it has', async () => {
    const body = await json(await report(`from=${from}&to=${to}&groupBy=day`));
    for (const row of body.rows) expect(days.has(row.day)).toBe(true);
    const sum = (currency: string, field: 'orders' | 'units' | 'revenue') =>
      body.rows
        .filter((row: { currency: string }) => row.currency === currency)
        .reduce((total: number, row: Record<string, number>) => total + (row[field] ?? 0), 0);
    expect([sum('EUR', 'orders'), sum('EUR', 'units'), sum('EUR', 'revenue')]).toEqual([2, 4, 3500]);
    expect([sum('USD', 'orders'), sum('USD', 'units'), sum('USD', 'revenue')]).toEqual([1, 3, 600]);
  });

  it('reports nothing for a range without orders', async () => {
    const body = await json(await report('from=2020-01-01&to=2020-02-01T00:00:00Z'));
    expect(body).toEqual({
      from: '2020-01-01T00:00:00.000Z',
      to: '2020-02-01T00:00:00.000Z',
      groupBy: 'day',
      rows: [],
    });
  });

  it('validates the range: dates, order, at most 366 days, known groupings', async () => {
    const cases: [string, string][] = [
      ['to=2026-02-01', 'query.from'],
      ['from=2026-02-30&to=2026-03-30', 'query.from'],
      ['from=yesterday&to=2026-03-30', 'query.from'],
      ['from=2026-03-01&to=2026-03-01', 'query.to'],
      ['from=2026-03-02&to=2026-03-01', 'query.to'],
      ['from=2026-01-01&to=2027-01-03', 'query.to'],
      ['from=2026-01-01&to=2026-02-01&groupBy=week', 'query.groupBy'],
    ];
    for (const [query, path] of cases) {
      const response = await report(query);
      expect(response.status, query).toBe(400);
      expect((await json(response)).errors[0].path, query).toBe(path);
    }
    expect((await report('from=2026-01-01&to=2027-01-02')).status).toBe(200);
    expect((await report('from=2026-03-01T00:00:00%2B02:00&to=2026-03-02')).status).toBe(200);
  });

  it('is for admins only', async () => {
    expect((await report(`from=${from}&to=${to}`, await api().customer('alice'))).status).toBe(403);
    expect((await api().request(`/reports/sales?from=${from}&to=${to}`)).status).toBe(401);
  });
});
