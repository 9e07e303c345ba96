import { ordersAndInventory } from './0001-orders-and-inventory.js';
import type { Migration } from './migration.js';

/** Every migration, in the order they apply. Append only. */
export const MIGRATIONS: readonly Migration[] = [ordersAndInventory];
