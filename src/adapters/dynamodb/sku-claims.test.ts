import { describe, expect, it } from 'vitest';
import { useDynalite } from '../../../test/contract/dynalite-harness.js';
import { manualClock } from '../../../test/contract/fixtures.js';
import { skuClaimKey } from './keys.js';
import { claimSku, releaseSku } from './sku-claims.js';
import type { Table } from './table.js';

const local = useDynalite('claims');

async function claimOwner(table: Table, sku: string): Promise<unknown> {
  const { Item } = await table.client.send('GetItem', {
    TableName: table.tableName,
    Key: skuClaimKey(sku),
    ConsistentRead: true,
  });
  return Item?.productId;
}

describe('SKU claims', () => {
  it('ignores a late release from an older write once the product re-claimed the SKU', async () => {
    const table: Table = {
      client: local.client(),
      tableName: await local.freshTable(),
      clock: manualClock(),
    };
    // Write 1 held S, write 2 moved the product away from S and write 3 back to it, before write 2's release ran.
    const held = await claimSku(table, 'S', 'mug');
    const reclaimed = await claimSku(table, 'S', 'mug');
    expect(reclaimed.fresh).toBe(false);
    await releaseSku(table, 'S', 'mug', held.token);
    expect(await claimOwner(table, 'S')).toBe('mug');
    await releaseSku(table, 'S', 'mug', reclaimed.token);
    expect(await claimOwner(table, 'S')).toBeUndefined();
  });

  it('never releases a claim that another product holds', async () => {
    const table: Table = {
      client: local.client(),
      tableName: await local.freshTable(),
      clock: manualClock(),
    };
    const claim = await claimSku(table, 'S', 'mug');
    await releaseSku(table, 'S', 'cup', claim.token);
    expect(await claimOwner(table, 'S')).toBe('mug');
  });
});
