import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPostgresInventoryStore } from '../../src/adapters/postgres/inventory-store.js';
import type { SalesGrouping, SalesReportRow } from '../../src/app/ports/order-store.js';
import type { Order } from '../../src/domain/ordering/order.js';
import { createTestDatabase } from '../support/postgres.js';
import { draft, draftOrderStore, keyFor } from './order-store-fixtures.js';

const PRODUCTS = ['p-apple', 'p-bread', 'p-cheese'];
const DAY_MS = 86_400_000;
const START = Date.parse('2030-03-01T00:00:00.000Z');

/** What the report must say, computed from the orders in plain TypeScript. */
function expectedReport(
  orders: readonly { order: Order; cancelled: boolean }[],
  range: { from: Date; to: Date },
  groupBy: SalesGrouping,
): SalesReportRow[] {
  const rows = new Map<string, SalesReportRow & { ids: Set<string> }>();
  for (const { order, cancelled } of orders) {
    const at = Date.parse(order.createdAt);
    if (cancelled || at < range.from.getTime() || at >= range.to.getTime()) continue;
    for (const line of order.items) {
      const key = groupBy === 'day' ? order.createdAt.slice(0, 10) : line.productId;
      const id = `${key}/${line.unitPrice.currency}`;
      const row = rows.get(id) ?? {
        key,
        currency: line.unitPrice.currency,
        orders: 0,
        units: 0,
        revenue: 0,
        subtotal: 0,
        discount: 0,
        shipping: 0,
        tax: 0,
        ids: new Set<string>(),
      };
      // Shipping is the order's: once per day, never per product; so is its tax.
      if (groupBy === 'day' && !row.ids.has(order.id)) {
        row.shipping += order.shippingTotal.amount;
        row.tax += order.shipping?.taxAmount.amount ?? 0;
      }
      row.ids.add(order.id);
      row.units += line.quantity;
      row.revenue += line.quantity * line.unitPrice.amount;
      row.subtotal += line.quantity * line.unitPrice.amount;
      row.discount += line.discountAmount.amount;
      row.tax += line.taxAmount.amount;
      rows.set(id, row);
    }
  }
  return [...rows.values()]
    .map(({ ids, ...row }) => ({ ...row, orders: ids.size }))
    .sort((a, b) => (a.key === b.key ? (a.currency < b.currency ? -1 : 1) : a.key < b.key ? -1 : 1));
}

const orderSpec = fc.record({
  minuteOffset: fc.integer({ min: 0, max: 5 * 24 * 60 - 1 }),
  currency: fc.constantFrom('EUR', 'USD'),
  lines: fc.uniqueArray(
    fc.record({
      productId: fc.constantFrom(...PRODUCTS),
      quantity: fc.integer({ min: 1, max: 5 }),
      unitAmount: fc.integer({ min: 0, max: 10_000 }),
    }),
    { minLength: 1, maxLength: 3, selector: (line) => line.productId },
  ),
  cancelled: fc.boolean(),
  shipping: fc.integer({ min: 0, max: 2000 }),
});

describe('PostgreSQL sales report', () => {
  it('matches orders, units and amounts computed from the orders themselves', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(orderSpec, { minLength: 1, maxLength: 25 }),
        fc.integer({ min: 0, max: 5 * 24 }),
        fc.integer({ min: 1, max: 5 * 24 }),
        fc.constantFrom<SalesGrouping>('day', 'product'),
        async (specs, fromHour, hours, groupBy) => {
          const database = await createTestDatabase({ max: 4 });
          try {
            const store = draftOrderStore(database.pool);
            const inventory = createPostgresInventoryStore(database.pool);
            for (const productId of PRODUCTS) await inventory.set(productId, 1_000_000);
            const placed: { order: Order; cancelled: boolean }[] = [];
            for (const spec of specs) {
              const createdAt = new Date(START + spec.minuteOffset * 60_000);
              const order = draft('someone', spec.lines, {
                createdAt,
                currency: spec.currency,
                shipping: spec.shipping,
              });
              expect((await store.place(order, keyFor(order))).kind).toBe('placed');
              if (spec.cancelled) await store.transition(order.id, ['placed'], 'cancelled', createdAt);
              placed.push({ order, cancelled: spec.cancelled });
            }
            const range = {
              from: new Date(START + fromHour * 3_600_000),
              to: new Date(START + (fromHour + hours) * 3_600_000),
            };
            expect(await store.salesReport(range, groupBy)).toEqual(expectedReport(placed, range, groupBy));
          } finally {
            await database.drop();
          }
        },
      ),
      { numRuns: 8 },
    );
  });

  it('counts an order once per key however many lines it has, and takes [from, to) literally', async () => {
    const database = await createTestDatabase({ max: 4 });
    try {
      const store = draftOrderStore(database.pool);
      const inventory = createPostgresInventoryStore(database.pool);
      for (const productId of PRODUCTS) await inventory.set(productId, 100);
      const from = new Date(START);
      const to = new Date(START + DAY_MS);
      const atStart = draft('a', [
        { productId: 'p-apple', quantity: 2, unitAmount: 100 },
        { productId: 'p-bread', quantity: 1, unitAmount: 300 },
      ]);
      const atEnd = draft('b', [{ productId: 'p-apple', quantity: 1, unitAmount: 100 }]);
      for (const [order, createdAt] of [
        [atStart, from],
        [atEnd, to],
      ] as const) {
        const dated = { ...order, createdAt: createdAt.toISOString(), updatedAt: createdAt.toISOString() };
        await store.place(dated, keyFor(dated));
      }
      expect(await store.salesReport({ from, to }, 'day')).toEqual([
        {
          key: '2030-03-01',
          currency: 'EUR',
          orders: 1,
          units: 3,
          revenue: 500,
          subtotal: 500,
          discount: 50,
          shipping: 0,
          tax: 30,
        },
      ]);
      expect(await store.salesReport({ from, to }, 'product')).toEqual([
        {
          key: 'p-apple',
          currency: 'EUR',
          orders: 1,
          units: 2,
          revenue: 200,
          subtotal: 200,
          discount: 20,
          shipping: 0,
          tax: 12,
        },
        {
          key: 'p-bread',
          currency: 'EUR',
          orders: 1,
          units: 1,
          revenue: 300,
          subtotal: 300,
          discount: 30,
          shipping: 0,
          tax: 18,
        },
      ]);
    } finally {
      await database.drop();
    }
  });
});
