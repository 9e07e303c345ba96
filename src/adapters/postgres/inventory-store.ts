import type pg from 'pg';
import type { InventoryStore } from '../../app/ports/order-store.js';
import type { InventoryLevel } from '../../domain/ordering/inventory.js';
import { translatingErrors } from './errors.js';
import { withTransaction } from './transaction.js';

interface LevelRow {
  product_id: string;
  available: number;
}

const toLevel = (row: LevelRow): InventoryLevel => ({ productId: row.product_id, available: row.available });

/**
 * Stock per product. A product without a row has no stock. Every manual change is logged with its delta
 * in inventory_adjustments, in the change's transaction; the CHECK constraints (never below zero, never
 * above the maximum) decide what is allowed, so concurrent changes cannot race past them.
 */
export function createPostgresInventoryStore(pool: pg.Pool): InventoryStore {
  return {
    get: (productId) =>
      translatingErrors(async () => {
        const { rows } = await pool.query<LevelRow>(
          'SELECT product_id, available FROM inventory WHERE product_id = $1',
          [productId],
        );
        return rows[0] === undefined ? undefined : toLevel(rows[0]);
      }),

    set: (productId, available) =>
      translatingErrors(() =>
        withTransaction(pool, async (client) => {
          await createIfMissing(client, productId);
          const { rows: before } = await client.query<LevelRow>(
            'SELECT product_id, available FROM inventory WHERE product_id = $1 FOR UPDATE',
            [productId],
          );
          await client.query(
            'UPDATE inventory SET available = $2, updated_at = now() WHERE product_id = $1',
            [productId, available],
          );
          await client.query(
            `INSERT INTO inventory_adjustments (product_id, delta, available_after, reason)
             VALUES ($1, $2, $3, 'set')`,
            [productId, available - (before[0]?.available ?? 0), available],
          );
          return { productId, available };
        }),
      ),

    adjust: (productId, delta, reason) =>
      translatingErrors(() =>
        withTransaction(pool, async (client) => {
          // Not one upsert: PostgreSQL checks the CHECK constraints of the row an upsert proposes to insert
          // before it looks for a conflict, so a negative delta would fail even on a stocked product.
          await createIfMissing(client, productId);
          const { rows } = await client.query<LevelRow>(
            `WITH level AS (
               UPDATE inventory SET available = available + $2, updated_at = now() WHERE product_id = $1
               RETURNING product_id, available
             )
             INSERT INTO inventory_adjustments (product_id, delta, available_after, reason)
             SELECT product_id, $2, available, $3 FROM level
             RETURNING product_id, available_after AS available`,
            [productId, delta, reason],
          );
          if (rows[0] === undefined) throw new Error('the adjustment returned no row');
          return toLevel(rows[0]);
        }),
      ),
  };
}

/**
 * A product without a row has 0 units; creating that row (rolled back with the transaction if the change
 * fails) gives the change something to lock, so two first changes of a product serialise like any others.
 */
async function createIfMissing(client: pg.PoolClient, productId: string): Promise<void> {
  await client.query('INSERT INTO inventory (product_id, available) VALUES ($1, 0) ON CONFLICT DO NOTHING', [
    productId,
  ]);
}
