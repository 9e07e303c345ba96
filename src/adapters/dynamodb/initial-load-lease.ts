import type { InitialLoad } from '../../app/ports/catalog-bulk-writer.js';
import { conditionHeld, deleteItem, getItem, putItem, type Table, updateItem } from './table.js';

/** One item names the import that may write without reading: see CatalogBulkWriter.startInitialLoad. */
export const LEASE_KEY = { pk: 'LEASE#initial-load', sk: 'LEASE' };

/**
 * Long enough for any one batch (milliseconds; seconds when DynamoDB throttles), short enough that a killed
 * initial load blocks other imports only briefly: they get a transient error and run again later.
 */
export const LEASE_MS = 5 * 60_000;

/** The lease, unless another holder has it (an expired one is free): conditional writes settle any race. */
export async function takeLease(table: Table, holder: string): Promise<InitialLoad | undefined> {
  const until = () => table.clock.now().getTime() + LEASE_MS;
  const taken = await conditionHeld(() =>
    putItem(table, {
      Item: { ...LEASE_KEY, holder, heldUntil: until() },
      ConditionExpression: 'attribute_not_exists(pk) OR heldUntil < :now OR holder = :holder',
      ExpressionAttributeValues: { ':now': table.clock.now().getTime(), ':holder': holder },
    }),
  );
  if (!taken) return undefined;
  const mine = { ConditionExpression: 'holder = :holder', ExpressionAttributeValues: { ':holder': holder } };
  return {
    renew: () =>
      conditionHeld(() =>
        updateItem(table, {
          Key: LEASE_KEY,
          UpdateExpression: 'SET heldUntil = :until',
          ...mine,
          ExpressionAttributeValues: { ...mine.ExpressionAttributeValues, ':until': until() },
        }),
      ),
    release: async () => {
      await conditionHeld(() => deleteItem(table, { Key: LEASE_KEY, ...mine }));
    },
  };
}

/** Whether another holder has an unexpired lease. */
export async function leaseHeldByOther(table: Table, holder: string): Promise<boolean> {
  const lease = await getItem(table, LEASE_KEY);
  return (
    lease !== undefined && lease.holder !== holder && Number(lease.heldUntil) >= table.clock.now().getTime()
  );
}
