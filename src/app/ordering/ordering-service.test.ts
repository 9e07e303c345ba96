import { beforeEach, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../test/support/postgres.js';
import { createMemoryCartStore } from '../../adapters/memory/cart-store.js';
import { createMemoryCatalogRepository } from '../../adapters/memory/catalog-repository.js';
import { createPostgresInventoryStore } from '../../adapters/postgres/inventory-store.js';
import { createPostgresOrderStore } from '../../adapters/postgres/order-store.js';
import { CHECKOUT_DEFAULTS } from '../../config/config.js';
import type { Product } from '../../domain/catalog/product.js';
import { CART_TTL_SECONDS } from '../../domain/ordering/cart.js';
import type { Order } from '../../domain/ordering/order.js';
import { ConflictError, type DomainError, NotFoundError } from '../../domain/shared/errors.js';
import type { CatalogRepository } from '../ports/catalog-repository.js';
import type { Clock } from '../ports/clock.js';
import type { InventoryStore, OrderStore } from '../ports/order-store.js';
import type { Principal } from '../ports/token-verifier.js';
import { createOrderingService, type OrderingService } from './ordering-service.js';

/**
 * The ordering use cases over the stores they run on: orders and stock in PostgreSQL (the embedded test
 * server; what the store decides, such as replays, reused keys, restocking and report rows, is its own),
 * catalog and carts in memory (the contract suite holds those to DynamoDB's behaviour).
 */

const alice: Principal = { sub: 'alice', roles: ['customer'], email: 'alice@example.com' };
const bob: Principal = { sub: 'bob', roles: ['customer'], email: 'bob@example.com' };
const admin: Principal = { sub: 'root', roles: ['admin'], email: 'root@example.com' };
const DAY_MS = 86_400_000;

const database = useTestDatabase({ max: 4 });

/** The real stores; `salesReport` calls are counted (passed through unchanged) to show what never reaches it. */
function postgresStores() {
  const orders = createPostgresOrderStore(database().pool);
  const reportCalls: unknown[] = [];
  const counted: OrderStore = {
    ...orders,
    salesReport(range, groupBy) {
      reportCalls.push({ range, groupBy });
      return orders.salesReport(range, groupBy);
    },
  };
  const inventory: InventoryStore = createPostgresInventoryStore(database().pool);
  return { orders: counted, inventory, reportCalls };
}

/** Idempotency keys the order store has recorded, used up or not. */
async function recordedKeys(): Promise<number> {
  const { rows } = await database().pool.query('SELECT count(*)::int AS n FROM order_requests');
  return rows[0].n;
}

async function stockOf(productId: string): Promise<number | undefined> {
  return (await stores.inventory.get(productId))?.available;
}

function steppingClock(
  start = Date.parse('2026-03-01T12:00:00.000Z'),
): Clock & { advance(ms: number): void } {
  let now = start;
  return {
    // Each reading is 1 ms later, so orders placed in a row have distinct createdAt.
    now: () => {
      now += 1;
      return new Date(now);
    },
    advance: (ms) => {
      now += ms;
    },
  };
}

let catalog: CatalogRepository;
let stores: ReturnType<typeof postgresStores>;
let clock: ReturnType<typeof steppingClock>;
let ordering: OrderingService;
let mug: Product;
let tea: Product;
let dollarCup: Product;

async function addProduct(overrides: Partial<Product>): Promise<Product> {
  const id = overrides.id ?? `p-${Math.random().toString(36).slice(2, 10)}`;
  const product: Product = {
    id,
    sku: `SKU-${id}`,
    name: `Product ${id}`,
    price: { amount: 1000, currency: 'EUR' },
    categoryId: 'home',
    status: 'active',
    attributes: {},
    taxClass: 'standard',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    version: 1,
    ...overrides,
  };
  await catalog.insertProduct(product);
  return product;
}

async function failure(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('expected the call to fail');
}

beforeEach(async () => {
  // Every test starts from empty tables: listings and reports see only that test's orders.
  await database().pool.query(
    'TRUNCATE order_lines, order_requests, orders, inventory_adjustments, inventory CASCADE',
  );
  catalog = createMemoryCatalogRepository();
  await catalog.insertCategory({
    id: 'home',
    name: 'Home',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    version: 1,
  });
  stores = postgresStores();
  clock = steppingClock();
  ordering = createOrderingService({
    catalog,
    carts: createMemoryCartStore(clock),
    orders: stores.orders,
    inventory: stores.inventory,
    clock,
    taxPolicy: CHECKOUT_DEFAULTS,
  });
  mug = await addProduct({ id: 'mug', name: 'Mug', price: { amount: 1450, currency: 'EUR' } });
  tea = await addProduct({ id: 'tea', name: 'Tea', price: { amount: 600, currency: 'EUR' } });
  dollarCup = await addProduct({ id: 'cup', name: 'Cup', price: { amount: 900, currency: 'USD' } });
  for (const product of [mug, tea, dollarCup]) await stores.inventory.set(product.id, 10);
});

describe('carts', () => {
  it('creates an empty cart that expires a week later, owned by the caller', async () => {
    const cart = await ordering.createCart(alice);
    expect(cart).toMatchObject({ customerId: 'alice', items: [], totals: [] });
    expect(Date.parse(cart.expiresAt) - Date.parse(cart.createdAt)).toBeGreaterThan(
      CART_TTL_SECONDS * 1000 - 1000,
    );
    expect(await ordering.getCart(alice, cart.id)).toEqual(cart);
  });

  it('prices lines with the current catalog and totals each currency', async () => {
    const cart = await ordering.createCart(alice);
    await ordering.setCartItem(alice, cart.id, mug.id, 2);
    await ordering.setCartItem(alice, cart.id, tea.id, 1);
    await ordering.setCartItem(alice, cart.id, dollarCup.id, 3);
    await catalog.replaceProduct({ ...mug, price: { amount: 1500, currency: 'EUR' }, version: 2 }, 1);

    const priced = await ordering.getCart(alice, cart.id);
    expect(priced.items).toEqual([
      {
        productId: 'cup',
        sku: 'SKU-cup',
        name: 'Cup',
        quantity: 3,
        unitPrice: { amount: 900, currency: 'USD' },
        lineTotal: { amount: 2700, currency: 'USD' },
        available: true,
      },
      {
        productId: 'mug',
        sku: 'SKU-mug',
        name: 'Mug',
        quantity: 2,
        unitPrice: { amount: 1500, currency: 'EUR' },
        lineTotal: { amount: 3000, currency: 'EUR' },
        available: true,
      },
      expect.objectContaining({ productId: 'tea', quantity: 1, available: true }),
    ]);
    expect(priced.totals).toEqual([
      { amount: 3600, currency: 'EUR' },
      { amount: 2700, currency: 'USD' },
    ]);
  });

  it('shows vanished and deactivated products as unavailable, outside the totals, and lets them be removed', async () => {
    const cart = await ordering.createCart(alice);
    await ordering.setCartItem(alice, cart.id, mug.id, 1);
    await ordering.setCartItem(alice, cart.id, tea.id, 2);
    await catalog.deleteProduct(mug.id);
    await catalog.replaceProduct({ ...tea, status: 'archived', version: 2 }, 1);

    const priced = await ordering.getCart(alice, cart.id);
    expect(priced.items).toEqual([
      {
        productId: 'mug',
        sku: null,
        name: null,
        quantity: 1,
        unitPrice: null,
        lineTotal: null,
        available: false,
      },
      expect.objectContaining({ productId: 'tea', sku: 'SKU-tea', available: false, unitPrice: null }),
    ]);
    expect(priced.totals).toEqual([]);
    expect((await ordering.setCartItem(alice, cart.id, mug.id, 0)).items.map((l) => l.productId)).toEqual([
      'tea',
    ]);
  });

  it('refuses unknown and inactive products on productId', async () => {
    const cart = await ordering.createCart(alice);
    const draft = await addProduct({ status: 'draft' });
    for (const productId of ['no-such-product', draft.id]) {
      const error = await failure(ordering.setCartItem(alice, cart.id, productId, 1));
      expect(error.kind).toBe('unprocessable');
      expect(error.errors[0]?.path).toBe('productId');
    }
  });

  it("answers 404 for another customer's cart, and for an expired one", async () => {
    const cart = await ordering.createCart(alice);
    expect(await failure(ordering.getCart(bob, cart.id))).toBeInstanceOf(NotFoundError);
    expect(await failure(ordering.setCartItem(bob, cart.id, mug.id, 1))).toBeInstanceOf(NotFoundError);
    expect(await failure(ordering.getCart(admin, cart.id))).toBeInstanceOf(NotFoundError);
    clock.advance(CART_TTL_SECONDS * 1000);
    expect(await failure(ordering.getCart(alice, cart.id))).toBeInstanceOf(NotFoundError);
  });
});

describe('placing orders', () => {
  it('snapshots SKU, name and price, and totals the lines', async () => {
    const result = await ordering.placeOrder(
      alice,
      {
        items: [
          { productId: 'mug', quantity: 2 },
          { productId: 'tea', quantity: 3 },
        ],
      },
      'k1',
    );
    expect(result.kind).toBe('placed');
    const order = (result as { order: Order }).order;
    expect(order).toMatchObject({
      customerId: 'alice',
      status: 'placed',
      items: [
        {
          productId: 'mug',
          sku: 'SKU-mug',
          name: 'Mug',
          quantity: 2,
          unitPrice: { amount: 1450, currency: 'EUR' },
        },
        {
          productId: 'tea',
          sku: 'SKU-tea',
          name: 'Tea',
          quantity: 3,
          unitPrice: { amount: 600, currency: 'EUR' },
        },
      ],
      total: { amount: 4700, currency: 'EUR' },
    });
    expect([await stockOf('mug'), await stockOf('tea')]).toEqual([8, 7]);
    await catalog.replaceProduct({ ...mug, price: { amount: 9999, currency: 'EUR' }, version: 2 }, 1);
    expect((await ordering.getOrder(alice, order.id)).items[0]?.unitPrice.amount).toBe(1450);
  });

  it('names every unknown or inactive product by its position in items', async () => {
    const draft = await addProduct({ status: 'draft' });
    const error = await failure(
      ordering.placeOrder(
        alice,
        {
          items: [
            { productId: 'mug', quantity: 1 },
            { productId: 'ghost', quantity: 1 },
            { productId: draft.id, quantity: 1 },
          ],
        },
        'k',
      ),
    );
    expect(error.kind).toBe('unprocessable');
    expect(error.errors.map((e) => e.path)).toEqual(['items.1.productId', 'items.2.productId']);
    // Refused before the order store: the key is not used up and nothing is reserved.
    expect(await recordedKeys()).toBe(0);
    expect(await stockOf('mug')).toBe(10);
  });

  it('refuses mixed currencies, naming the lines in the other currency', async () => {
    const error = await failure(
      ordering.placeOrder(
        alice,
        {
          items: [
            { productId: 'mug', quantity: 1 },
            { productId: 'cup', quantity: 1 },
          ],
        },
        'k',
      ),
    );
    expect(error.kind).toBe('unprocessable');
    expect(error.errors).toEqual([{ path: 'items.1.productId', message: expect.stringContaining('USD') }]);
  });

  it('checks a cart out without changing it; empty or foreign carts are a 422 on cartId', async () => {
    const cart = await ordering.createCart(alice);
    expect((await failure(ordering.placeOrder(alice, { cartId: cart.id }, 'k0'))).errors[0]?.path).toBe(
      'cartId',
    );
    expect((await failure(ordering.placeOrder(bob, { cartId: cart.id }, 'k0'))).errors[0]?.path).toBe(
      'cartId',
    );

    await ordering.setCartItem(alice, cart.id, mug.id, 2);
    const result = await ordering.placeOrder(alice, { cartId: cart.id }, 'k1');
    expect(result).toMatchObject({ kind: 'placed', order: { items: [{ productId: 'mug', quantity: 2 }] } });
    expect((await ordering.getCart(alice, cart.id)).items).toHaveLength(1);
  });

  it('fingerprints the request, not its key order', async () => {
    const first = await ordering.placeOrder(alice, { items: [{ productId: 'mug', quantity: 1 }] }, 'k');
    // The store replays only a request with the fingerprint it recorded for the key.
    const reordered = JSON.parse('{"items":[{"quantity":1,"productId":"mug"}]}');
    const again = await ordering.placeOrder(alice, reordered, 'k');
    expect(again).toEqual({ kind: 'replayed', outcome: first });
    const other = await ordering.placeOrder(alice, { items: [{ productId: 'mug', quantity: 2 }] }, 'k');
    expect(other).toEqual({ kind: 'key_reused' });
    expect(await stockOf('mug')).toBe(9);
  });
});

describe('reading, listing and moving orders', () => {
  async function place(principal: Principal, key: string): Promise<Order> {
    const result = await ordering.placeOrder(principal, { items: [{ productId: 'mug', quantity: 1 }] }, key);
    return (result as { order: Order }).order;
  }

  it('shows an order to its owner and admins only', async () => {
    const order = await place(alice, 'a1');
    expect((await ordering.getOrder(alice, order.id)).id).toBe(order.id);
    expect((await ordering.getOrder(admin, order.id)).id).toBe(order.id);
    expect(await failure(ordering.getOrder(bob, order.id))).toBeInstanceOf(NotFoundError);
    expect(await failure(ordering.cancelOrder(bob, order.id))).toBeInstanceOf(NotFoundError);
  });

  it("lists customers' own orders only; admins see all or filter by customer", async () => {
    const a = await place(alice, 'a1');
    const b = await place(bob, 'b1');
    const ids = async (principal: Principal, customerId?: string) =>
      (await ordering.listOrders(principal, { limit: 10, customerId })).items.map((o) => o.id);
    expect(await ids(alice)).toEqual([a.id]);
    expect(await ids(alice, 'bob')).toEqual([]);
    expect(await ids(admin)).toEqual([b.id, a.id]);
    expect(await ids(admin, 'bob')).toEqual([b.id]);
  });

  it('lets owners cancel while placed and admins while paid; a second cancel is a 409', async () => {
    const first = await place(alice, 'a1');
    expect((await ordering.cancelOrder(alice, first.id)).status).toBe('cancelled');
    const twice = await failure(ordering.cancelOrder(alice, first.id));
    expect(twice).toBeInstanceOf(ConflictError);
    expect(twice.message).toContain('cancelled');
    expect(await stockOf('mug')).toBe(10);

    const second = await place(alice, 'a2');
    await ordering.changeOrderStatus(second.id, 'paid');
    expect((await failure(ordering.cancelOrder(alice, second.id))).message).toContain('paid');
    expect((await ordering.cancelOrder(admin, second.id)).status).toBe('cancelled');
    expect(await stockOf('mug')).toBe(10);
  });

  it('walks the status machine and refuses skipped or backward steps with a 409', async () => {
    const order = await place(alice, 'a1');
    expect((await failure(ordering.changeOrderStatus(order.id, 'shipped'))).kind).toBe('conflict');
    for (const status of ['paid', 'shipped', 'delivered'] as const) {
      expect((await ordering.changeOrderStatus(order.id, status)).status).toBe(status);
    }
    expect((await failure(ordering.changeOrderStatus(order.id, 'cancelled'))).kind).toBe('conflict');
    expect((await failure(ordering.changeOrderStatus(order.id, 'placed'))).kind).toBe('conflict');
    expect(await failure(ordering.changeOrderStatus('no-such-order', 'placed'))).toBeInstanceOf(
      NotFoundError,
    );
    expect(await failure(ordering.changeOrderStatus('no-such-order', 'paid'))).toBeInstanceOf(NotFoundError);
  });
});

describe('inventory', () => {
  it('shows active products to anyone, drafts to admins, and 0 for products never stocked', async () => {
    const draft = await addProduct({ status: 'draft' });
    expect(await ordering.getInventory(undefined, 'mug')).toEqual({ productId: 'mug', available: 10 });
    expect(await failure(ordering.getInventory(alice, draft.id))).toBeInstanceOf(NotFoundError);
    expect(await ordering.getInventory(admin, draft.id)).toEqual({ productId: draft.id, available: 0 });
    expect(await failure(ordering.getInventory(admin, 'ghost'))).toBeInstanceOf(NotFoundError);
  });

  it('sets and adjusts stock of catalog products only', async () => {
    expect(await ordering.setInventory('tea', 5)).toEqual({ productId: 'tea', available: 5 });
    expect(await ordering.adjustInventory('tea', { delta: -2, reason: 'breakage' })).toEqual({
      productId: 'tea',
      available: 3,
    });
    expect(await failure(ordering.setInventory('ghost', 5))).toBeInstanceOf(NotFoundError);
    expect(await failure(ordering.adjustInventory('ghost', { delta: 1, reason: 'x' }))).toBeInstanceOf(
      NotFoundError,
    );
  });
});

describe('sales reports', () => {
  const from = new Date('2026-03-01T00:00:00.000Z');

  it('reports only the orders inside the range, per day or per product, naming the grouping key', async () => {
    let keys = 0;
    const buy = async (principal: Principal, items: { productId: string; quantity: number }[]) => {
      const result = await ordering.placeOrder(principal, { items }, `report-${++keys}`);
      expect(result.kind).toBe('placed');
      return (result as { order: Order }).order;
    };
    // The clock starts at 2026-03-01T12:00Z. Before the range: left out.
    clock.advance(-2 * DAY_MS);
    await buy(alice, [{ productId: 'tea', quantity: 1 }]);
    clock.advance(2 * DAY_MS);
    await buy(alice, [
      { productId: 'mug', quantity: 2 },
      { productId: 'tea', quantity: 1 },
    ]);
    await buy(bob, [{ productId: 'mug', quantity: 1 }]);
    await buy(bob, [{ productId: 'cup', quantity: 3 }]);
    const cancelled = await buy(alice, [{ productId: 'tea', quantity: 1 }]);
    await ordering.cancelOrder(alice, cancelled.id);
    clock.advance(DAY_MS);
    await buy(alice, [{ productId: 'tea', quantity: 2 }]);
    // On 2026-04-02, past `to`: left out.
    clock.advance(31 * DAY_MS);
    await buy(bob, [{ productId: 'mug', quantity: 1 }]);

    const to = new Date('2026-04-01T00:00:00Z');
    // Orders without discounts, shipping or tax (the database has no rates): the subtotal is the revenue.
    const noExtras = (revenue: number) => ({ revenue, subtotal: revenue, discount: 0, shipping: 0, tax: 0 });
    expect(await ordering.salesReport({ from, to, groupBy: 'day' })).toEqual({
      from: '2026-03-01T00:00:00.000Z',
      to: '2026-04-01T00:00:00.000Z',
      groupBy: 'day',
      rows: [
        { day: '2026-03-01', currency: 'EUR', orders: 2, units: 4, ...noExtras(2 * 1450 + 600 + 1450) },
        { day: '2026-03-01', currency: 'USD', orders: 1, units: 3, ...noExtras(2700) },
        { day: '2026-03-02', currency: 'EUR', orders: 1, units: 2, ...noExtras(1200) },
      ],
    });
    expect((await ordering.salesReport({ from, to, groupBy: 'product' })).rows).toEqual([
      { productId: 'cup', currency: 'USD', orders: 1, units: 3, ...noExtras(2700) },
      { productId: 'mug', currency: 'EUR', orders: 2, units: 3, ...noExtras(3 * 1450) },
      { productId: 'tea', currency: 'EUR', orders: 2, units: 3, ...noExtras(3 * 600) },
    ]);
  });

  it('refuses empty, reversed and longer-than-a-year ranges on `to`', async () => {
    for (const to of [from, new Date('2026-02-01'), new Date('2027-03-03')]) {
      const error = await failure(ordering.salesReport({ from, to, groupBy: 'day' }));
      expect(error.kind).toBe('validation');
      expect(error.errors[0]?.path).toBe('to');
    }
    expect(stores.reportCalls).toHaveLength(0);
    await ordering.salesReport({ from, to: new Date('2027-03-02T00:00:00Z'), groupBy: 'day' });
  });
});
