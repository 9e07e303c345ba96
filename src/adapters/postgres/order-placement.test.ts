import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../test/support/postgres.js';
import { linesToPrice, orderFrom, planCheckout, priceWithSettings } from '../../app/ordering/checkout.js';
import type { Placement } from '../../app/ports/order-store.js';
import { CHECKOUT_DEFAULTS } from '../../config/config.js';
import type { Product } from '../../domain/catalog/product.js';
import { ConflictError, UnavailableError } from '../../domain/shared/errors.js';
import { newId } from '../../domain/shared/ids.js';
import { createPostgresOrderStore } from './order-store.js';
import { createPostgresPool } from './pool.js';

describe('placing an order in PostgreSQL', () => {
  const database = useTestDatabase();
  const pools: { end(): Promise<void> }[] = [];
  afterEach(async () => {
    await Promise.all(pools.splice(0).map((pool) => pool.end()));
  });

  /** A store whose statements give up waiting for a row lock after 300 ms. */
  const impatientStore = () => {
    const pool = createPostgresPool({
      connectionString: database().connectionString,
      max: 2,
      timeouts: { lockMs: 300 },
    });
    pools.push(pool);
    return createPostgresOrderStore(pool);
  };

  const stockedProduct = async (): Promise<Product> => {
    const id = newId();
    await database().pool.query('INSERT INTO inventory (product_id, available) VALUES ($1, 10)', [id]);
    const at = new Date().toISOString();
    return {
      ...{ id, sku: `SKU-${id}`, name: 'Mug', description: '', categoryId: 'c', status: 'active' },
      ...{ price: { amount: 1000, currency: 'EUR' }, taxClass: 'standard', images: [] },
      ...{ createdAt: at, updatedAt: at, version: 1 },
    } as unknown as Product;
  };

  const placement = (customerId: string, product: Product): Placement => {
    const lines = linesToPrice(
      [{ productId: product.id, quantity: 1, path: 'items.0' }],
      new Map([[product.id, product]]),
    );
    const plan = planCheckout({}, CHECKOUT_DEFAULTS);
    const now = new Date();
    const owner = { id: newId(), customerId, email: `${customerId}@example.com` };
    return {
      requester: customerId,
      settings: plan.settings,
      build: (settings) =>
        orderFrom(priceWithSettings(lines, plan, settings, CHECKOUT_DEFAULTS, now), plan, owner, now),
    };
  };

  /** Runs `work` while another session holds `sql`'s locks in an open transaction. */
  const whileHeld = async <T>(sql: string, values: unknown[], work: () => Promise<T>) => {
    const holder = await database().pool.connect();
    try {
      await holder.query('BEGIN');
      await holder.query(sql, values);
      return await work();
    } finally {
      await holder.query('ROLLBACK');
      holder.release();
    }
  };

  it('says "still being processed" while the first request with the key runs, and "busy" while it waits for stock', async () => {
    const product = await stockedProduct();
    const claim = { key: newId(), fingerprint: 'f' };
    // The first request waits for the stock row another session holds; meanwhile a retry with its key gives
    // up waiting for the key, and another order gives up waiting for the stock.
    const { first, retry, other } = await whileHeld(
      'SELECT 1 FROM inventory WHERE product_id = $1 FOR UPDATE',
      [product.id],
      async () => {
        const waiting = createPostgresOrderStore(database().pool).place(placement('alice', product), claim);
        await sleep(100);
        const fail = (work: Promise<unknown>) =>
          work.then(
            () => new Error('expected a failure'),
            (error: unknown) => error,
          );
        return {
          first: waiting,
          retry: await fail(impatientStore().place(placement('alice', product), claim)),
          other: await fail(
            impatientStore().place(placement('bob', product), { key: newId(), fingerprint: 'f' }),
          ),
        };
      },
    );
    expect(retry).toBeInstanceOf(ConflictError);
    expect((retry as Error).message).toMatch(/still being processed/);
    expect(other).toBeInstanceOf(UnavailableError);
    expect((other as Error).message).toMatch(/busy/);

    // Once the row is free the first one is placed, and the key replays it; the others left nothing behind.
    expect((await first).kind).toBe('placed');
    expect((await impatientStore().place(placement('alice', product), claim)).kind).toBe('replayed');
    const { rows } = await database().pool.query('SELECT available FROM inventory WHERE product_id = $1', [
      product.id,
    ]);
    expect(rows[0].available).toBe(9);
  });
});
