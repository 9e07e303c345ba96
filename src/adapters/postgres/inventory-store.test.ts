import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../test/support/postgres.js';
import { ConflictError } from '../../domain/shared/errors.js';
import { newId } from '../../domain/shared/ids.js';
import { createPostgresInventoryStore } from './inventory-store.js';

describe('PostgreSQL inventory store', () => {
  const database = useTestDatabase();
  const store = () => createPostgresInventoryStore(database().pool);
  const adjustments = async (productId: string) =>
    (
      await database().pool.query(
        'SELECT delta, available_after, reason FROM inventory_adjustments WHERE product_id = $1 ORDER BY id',
        [productId],
      )
    ).rows;

  it('knows no stock for a product it has never seen', async () => {
    expect(await store().get(newId())).toBeUndefined();
  });

  it('sets stock and logs each change as a delta', async () => {
    const productId = newId();
    expect(await store().set(productId, 7)).toEqual({ productId, available: 7 });
    expect(await store().set(productId, 3)).toEqual({ productId, available: 3 });
    expect(await store().get(productId)).toEqual({ productId, available: 3 });
    expect(await adjustments(productId)).toEqual([
      { delta: 7, available_after: 7, reason: 'set' },
      { delta: -4, available_after: 3, reason: 'set' },
    ]);
  });

  it('adjusts by a delta with a reason, starting from 0 for a new product', async () => {
    const productId = newId();
    expect(await store().adjust(productId, 5, 'delivery')).toEqual({ productId, available: 5 });
    expect(await store().adjust(productId, -2, 'damaged')).toEqual({ productId, available: 3 });
    expect(await adjustments(productId)).toEqual([
      { delta: 5, available_after: 5, reason: 'delivery' },
      { delta: -2, available_after: 3, reason: 'damaged' },
    ]);
  });

  it('refuses an adjustment below zero with a conflict, changing and logging nothing', async () => {
    const productId = newId();
    await store().set(productId, 2);
    const attempt = store().adjust(productId, -3, 'miscount');
    await expect(attempt).rejects.toBeInstanceOf(ConflictError);
    await expect(attempt).rejects.toThrow('Stock cannot go below zero.');
    await expect(store().adjust(newId(), -1, 'never stocked')).rejects.toBeInstanceOf(ConflictError);
    expect(await store().get(productId)).toEqual({ productId, available: 2 });
    expect(await adjustments(productId)).toHaveLength(1);
  });

  it('refuses stock above the maximum', async () => {
    const productId = newId();
    await store().set(productId, 1_000_000_000);
    await expect(store().adjust(productId, 1, 'one too many')).rejects.toThrow(
      'Stock cannot exceed 1,000,000,000 units.',
    );
  });

  it('loses no update when many adjustments race, and stops exactly at zero', async () => {
    const productId = newId();
    await store().set(productId, 20);
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, () => store().adjust(productId, -1, 'sold at the counter')),
    );
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(20);
    const failures = results.filter((result) => result.status === 'rejected');
    expect(failures.every((failure) => failure.reason instanceof ConflictError)).toBe(true);
    expect(await store().get(productId)).toEqual({ productId, available: 0 });
    expect(await adjustments(productId)).toHaveLength(21);
  });
});
