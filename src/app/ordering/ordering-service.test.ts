import { beforeEach, describe, expect, it } from 'vitest';
import { createMemoryCartStore } from '../../adapters/memory/cart-store.js';
import { createMemoryCatalogRepository } from '../../adapters/memory/catalog-repository.js';
import type { Product } from '../../domain/catalog/product.js';
import { CART_TTL_SECONDS } from '../../domain/ordering/cart.js';
import type { Order } from '../../domain/ordering/order.js';
import { ConflictError, type DomainError, NotFoundError } from '../../domain/shared/errors.js';
import type { CatalogRepository } from '../ports/catalog-repository.js';
import type { Clock } from '../ports/clock.js';
import type { InventoryStore, OrderStore, PlacementOutcome, SalesReportRow } from '../ports/order-store.js';
import type { Principal } from '../ports/token-verifier.js';
import { createOrderingService, type OrderingService } from './ordering-service.js';

/**
 * The ordering use cases over the in-memory catalog and cart store, and small fakes of the PostgreSQL
 * stores that follow the port's contract (the real ones are tested in test/e2e against PostgreSQL).
 */

const alice: Principal = { sub: 'alice', roles: ['customer'] };
const bob: Principal = { sub: 'bob', roles: ['customer'] };
const admin: Principal = { sub: 'root', roles: ['admin'] };

function fakeStores() {
  const stock = new Map<string, number>();
  const orders = new Map<string, Order>();
  const keys = new Map<string, { fingerprint: string; outcome: PlacementOutcome }>();
  const placed: { order: Order; fingerprint: string }[] = [];
  const reportCalls: unknown[] = [];

  const inventory: InventoryStore = {
    async get(productId) {
      const available = stock.get(productId);
      return available === undefined ? undefined : { productId, available };
    },
    async set(productId, available) {
      stock.set(productId, available);
      return { productId, available };
    },
    async adjust(productId, delta) {
      const available = (stock.get(productId) ?? 0) + delta;
      if (available < 0) throw new ConflictError('below zero');
      stock.set(productId, available);
      return { productId, available };
    },
  };

  const orderStore: OrderStore = {
    async place(order, { key, fingerprint }) {
      placed.push({ order, fingerprint });
      const scoped = `${order.customerId}/${key}`;
      const earlier = keys.get(scoped);
      if (earlier) {
        return earlier.fingerprint === fingerprint
          ? { kind: 'replayed', outcome: earlier.outcome }
          : { kind: 'key_reused' };
      }
      const short = order.items
        .map((line) => ({
          productId: line.productId,
          requested: line.quantity,
          available: stock.get(line.productId) ?? 0,
        }))
        .filter((line) => line.available < line.requested);
      const outcome: PlacementOutcome =
        short.length > 0 ? { kind: 'insufficient_stock', products: short } : { kind: 'placed', order };
      if (outcome.kind === 'placed') {
        for (const line of order.items)
          stock.set(line.productId, (stock.get(line.productId) ?? 0) - line.quantity);
        orders.set(order.id, structuredClone(order));
      }
      keys.set(scoped, { fingerprint, outcome });
      return outcome;
    },
    async get(id) {
      return structuredClone(orders.get(id));
    },
    async list(query) {
      const items = [...orders.values()]
        .filter((order) => query.customerId === undefined || order.customerId === query.customerId)
        .sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1))
        .slice(0, query.limit);
      return { items, nextCursor: null };
    },
    async transition(id, from, to, at) {
      const order = orders.get(id);
      if (order === undefined) return undefined;
      if (!from.includes(order.status)) throw new ConflictError('wrong state');
      if (to === 'cancelled') {
        for (const line of order.items)
          stock.set(line.productId, (stock.get(line.productId) ?? 0) + line.quantity);
      }
      const next = { ...order, status: to, updatedAt: at.toISOString() };
      orders.set(id, next);
      return structuredClone(next);
    },
    async salesReport(range, groupBy) {
      reportCalls.push({ range, groupBy });
      const rows: SalesReportRow[] = [
        { key: '2026-03-01', currency: 'EUR', orders: 2, units: 3, revenue: 4500 },
      ];
      return rows;
    },
  };
  return { inventory, orders: orderStore, stock, placed, reportCalls };
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
let stores: ReturnType<typeof fakeStores>;
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
  catalog = createMemoryCatalogRepository();
  await catalog.insertCategory({
    id: 'home',
    name: 'Home',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    version: 1,
  });
  stores = fakeStores();
  clock = steppingClock();
  ordering = createOrderingService({
    catalog,
    carts: createMemoryCartStore(clock),
    orders: stores.orders,
    inventory: stores.inventory,
    clock,
  });
  mug = await addProduct({ id: 'mug', name: 'Mug', price: { amount: 1450, currency: 'EUR' } });
  tea = await addProduct({ id: 'tea', name: 'Tea', price: { amount: 600, currency: 'EUR' } });
  dollarCup = await addProduct({ id: 'cup', name: 'Cup', price: { amount: 900, currency: 'USD' } });
  for (const product of [mug, tea, dollarCup]) stores.stock.set(product.id, 10);
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
    expect(stores.placed).toHaveLength(0);
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
    await ordering.placeOrder(alice, { items: [{ productId: 'mug', quantity: 1 }] }, 'k');
    const reordered = JSON.parse('{"items":[{"quantity":1,"productId":"mug"}]}');
    const again = await ordering.placeOrder(alice, reordered, 'k');
    expect(again.kind).toBe('replayed');
    const other = await ordering.placeOrder(alice, { items: [{ productId: 'mug', quantity: 2 }] }, 'k');
    expect(other.kind).toBe('key_reused');
    expect(new Set(stores.placed.map((call) => call.fingerprint)).size).toBe(2);
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
    expect(stores.stock.get('mug')).toBe(10);

    const second = await place(alice, 'a2');
    await ordering.changeOrderStatus(second.id, 'paid');
    expect((await failure(ordering.cancelOrder(alice, second.id))).message).toContain('paid');
    expect((await ordering.cancelOrder(admin, second.id)).status).toBe('cancelled');
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

  it('names the grouping key per row and passes the range through', async () => {
    const report = await ordering.salesReport({ from, to: new Date('2026-04-01T00:00:00Z'), groupBy: 'day' });
    expect(report).toEqual({
      from: '2026-03-01T00:00:00.000Z',
      to: '2026-04-01T00:00:00.000Z',
      groupBy: 'day',
      rows: [{ day: '2026-03-01', currency: 'EUR', orders: 2, units: 3, revenue: 4500 }],
    });
    const byProduct = await ordering.salesReport({ from, to: new Date('2026-04-01'), groupBy: 'product' });
    expect(byProduct.rows[0]).toEqual({
      productId: '2026-03-01',
      currency: 'EUR',
      orders: 2,
      units: 3,
      revenue: 4500,
    });
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
