import { beforeEach, describe, expect, it } from 'vitest';
import { draft, draftOrderStore, keyFor } from '../../test/contract/order-store-fixtures.js';
import { useTestDatabase } from '../../test/support/postgres.js';
import { createMemoryCartStore } from '../adapters/memory/cart-store.js';
import { createMemoryCatalogRepository } from '../adapters/memory/catalog-repository.js';
import { createTestPaymentProvider } from '../adapters/payments/test-provider.js';
import { createPostgresInventoryStore } from '../adapters/postgres/inventory-store.js';
import { createPostgresOrderStore } from '../adapters/postgres/order-store.js';
import { createPostgresPaymentStore } from '../adapters/postgres/payment-store.js';
import { createOrderingService, type OrderingService } from '../app/ordering/ordering-service.js';
import { createPaymentService } from '../app/payments/payment-service.js';
import { systemClock } from '../app/ports/clock.js';
import { silentLogger } from '../app/ports/logger.js';
import type { Principal } from '../app/ports/token-verifier.js';
import { CHECKOUT_DEFAULTS } from '../config/config.js';
import { newId } from '../domain/shared/ids.js';
import { createMetrics } from '../observability/metrics.js';
import { meteredImage, meteredOrderStore, meteredPaymentStore, recordJobRun } from './metered.js';
import { outboxAgeProbe } from './outbox-age.js';

/**
 * The business metrics written where the stores report what happened: the ordering use cases on the real
 * PostgreSQL order store (a replay or a refusal is what the store decides), each metric parsed from its line.
 */

const database = useTestDatabase({ max: 2 });
const alice: Principal = { sub: 'alice', roles: ['customer'], email: 'alice@example.com' };

function recorder() {
  const lines: string[] = [];
  const metrics = createMetrics({
    enabled: true,
    stage: 'test',
    service: 'api',
    write: (l) => lines.push(l),
  });
  /** The metric name and value of each line, and its unit. */
  const points = () =>
    lines.map((line) => {
      const parsed = JSON.parse(line);
      const { Name, Unit } = parsed._aws.CloudWatchMetrics[0].Metrics[0];
      return { name: Name as string, unit: Unit as string, value: parsed[Name] as number };
    });
  return { metrics, lines, points };
}

let ordering: OrderingService;
let recorded: ReturnType<typeof recorder>;

beforeEach(async () => {
  await database().pool.query(
    'TRUNCATE order_lines, order_requests, orders, inventory_adjustments, inventory CASCADE',
  );
  const catalog = createMemoryCatalogRepository();
  await catalog.insertCategory({
    id: 'home',
    name: 'Home',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    version: 1,
  });
  await catalog.insertProduct({
    id: 'mug',
    sku: 'SKU-mug',
    name: 'Mug',
    price: { amount: 1450, currency: 'EUR' },
    categoryId: 'home',
    status: 'active',
    attributes: {},
    taxClass: 'standard',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    version: 1,
  });
  const inventory = createPostgresInventoryStore(database().pool);
  await inventory.set('mug', 3);
  recorded = recorder();
  ordering = createOrderingService({
    catalog,
    carts: createMemoryCartStore(systemClock),
    orders: meteredOrderStore(createPostgresOrderStore(database().pool), recorded.metrics),
    inventory,
    clock: systemClock,
    taxPolicy: CHECKOUT_DEFAULTS,
  });
});

describe('order metrics', () => {
  it('a placed order counts OrdersPlaced with its CheckoutLatency; its replay counts nothing more', async () => {
    const input = { items: [{ productId: 'mug', quantity: 2 }] };
    expect((await ordering.placeOrder(alice, input, 'k1')).kind).toBe('placed');
    expect((await ordering.placeOrder(alice, input, 'k1')).kind).toBe('replayed');

    const points = recorded.points();
    expect(points.map((point) => point.name).sort()).toEqual(['CheckoutLatency', 'OrdersPlaced']);
    expect(points.find((point) => point.name === 'OrdersPlaced')).toEqual({
      name: 'OrdersPlaced',
      unit: 'Count',
      value: 1,
    });
    const latency = points.find((point) => point.name === 'CheckoutLatency');
    expect(latency?.unit).toBe('Milliseconds');
    expect(latency?.value).toBeGreaterThanOrEqual(0);
  });

  it('an order the stock does not cover counts OversellRefusals, not OrdersPlaced', async () => {
    const result = await ordering.placeOrder(alice, { items: [{ productId: 'mug', quantity: 4 }] }, 'k2');
    expect(result.kind).toBe('insufficient_stock');

    const names = recorded.points().map((point) => point.name);
    expect(names).toContain('OversellRefusals');
    expect(names).not.toContain('OrdersPlaced');
  });

  it('a cancellation counts OrdersCancelled once: a second, refused one counts nothing', async () => {
    const placed = await ordering.placeOrder(alice, { items: [{ productId: 'mug', quantity: 1 }] }, 'k3');
    if (placed.kind !== 'placed') throw new Error(`expected a placed order, got ${placed.kind}`);
    await ordering.cancelOrder(alice, placed.order.id);
    await ordering.cancelOrder(alice, placed.order.id).catch(() => undefined);

    expect(recorded.points().filter((point) => point.name === 'OrdersCancelled')).toEqual([
      { name: 'OrdersCancelled', unit: 'Count', value: 1 },
    ]);
  });
});

describe('payment metrics', () => {
  it('a failed payment counts PaymentFailures; a successful one OrdersPaid and the total as Revenue, once', async () => {
    const { pool } = database();
    const orders = draftOrderStore(pool);
    const payments = createPaymentService({
      store: meteredPaymentStore(createPostgresPaymentStore(pool), recorded.metrics),
      orders,
      visibleOrder: async (_caller, id) => {
        const order = await orders.get(id);
        if (order === undefined) throw new Error(`no order ${id}`);
        return order;
      },
      provider: createTestPaymentProvider(),
      timeoutMinutes: 30,
      clock: systemClock,
      logger: silentLogger,
    });
    const place = async () => {
      const order = draft(newId(), [{ productId: 'mug', quantity: 1, unitAmount: 1450 }]);
      expect((await orders.place(order, keyFor(order))).kind).toBe('placed');
      return (await payments.startPayment(undefined, order.id)).payment;
    };
    const declined = await place();
    const accepted = await place();

    await payments.completeTestPayment(declined.id, 'fail');
    await payments.completeTestPayment(accepted.id, 'succeed');
    // The same event again is a replay: nothing more is counted.
    await payments.completeTestPayment(accepted.id, 'succeed');

    const lines = recorded.lines.map((line) => JSON.parse(line));
    expect(lines.map((line) => line._aws.CloudWatchMetrics[0].Metrics[0].Name)).toEqual([
      'PaymentFailures',
      'OrdersPaid',
      'Revenue',
    ]);
    expect(lines[2]).toMatchObject({ Revenue: accepted.amount.amount, currency: accepted.amount.currency });
    expect(lines[2]._aws.CloudWatchMetrics[0].Dimensions).toEqual([['stage', 'currency']]);
  });
});

describe('image, job and outbox metrics', () => {
  it('an image made ready counts ImagesProcessed, a throw ImagesFailed (rethrown), each with its duration', async () => {
    const { metrics, points } = recorder();
    await meteredImage(metrics, async () => 'ready');
    const thrown = new Error('S3 unavailable');
    await expect(meteredImage(metrics, () => Promise.reject(thrown))).rejects.toBe(thrown);
    await meteredImage(metrics, async () => 'duplicate');

    expect(points().map((point) => point.name)).toEqual([
      'ImagesProcessed',
      'ImageDuration',
      'ImagesFailed',
      'ImageDuration',
    ]);
  });

  it('a failed job run counts JobRuns by job and outcome and JobFailures; a success no failure', () => {
    const { metrics, lines } = recorder();
    recordJobRun(metrics, 'catalog-import', 'failed');
    recordJobRun(metrics, 'catalog-import', 'succeeded');

    const parsed = lines.map((line) => JSON.parse(line));
    expect(parsed.map((line) => [line.JobRuns ?? line.JobFailures, line.outcome])).toEqual([
      [1, 'failed'],
      [1, undefined],
      [1, 'succeeded'],
    ]);
    expect(parsed[0]._aws.CloudWatchMetrics[0].Dimensions).toEqual([['stage', 'job', 'outcome']]);
    expect(parsed[1]._aws.CloudWatchMetrics[0].Metrics[0].Name).toBe('JobFailures');
  });

  it("a sweep reports its oldest unpublished event's age in seconds, and 0 when it found none", async () => {
    const { metrics, points } = recorder();
    const now = Date.parse('2026-03-01T12:10:00.000Z');
    const probe = outboxAgeProbe(
      { publish: async (events) => events.map((event) => event.id) },
      metrics,
      () => now,
    );
    const event = (id: string, occurredAt: string) =>
      ({ id, occurredAt }) as Parameters<typeof probe.publish>[0][number];

    await probe.publish([event('b', '2026-03-01T12:08:00.000Z'), event('a', '2026-03-01T12:05:00.000Z')]);
    await probe.publish([event('c', '2026-03-01T12:09:30.000Z')]);
    probe.reportOldestAge();
    probe.reportOldestAge();

    expect(points()).toEqual([
      { name: 'OutboxOldestEventAge', unit: 'Seconds', value: 300 },
      { name: 'OutboxOldestEventAge', unit: 'Seconds', value: 0 },
    ]);
  });
});
