import { describe, expect, it } from 'vitest';
import { useDynamoTables } from '../../../test/support/dynamodb.js';
import { systemClock } from '../../app/ports/clock.js';
import { batchGetItems, batchWrite, type Table } from './table.js';

const harness = useDynamoTables('bulk');

async function freshTable(): Promise<Table> {
  return { client: harness.client(), tableName: await harness.freshTable(), clock: systemClock };
}

describe('batchWrite', () => {
  it('puts and deletes more items than one BatchWriteItem call takes', async () => {
    const table = await freshTable();
    const keys = Array.from({ length: 60 }, (_, i) => ({ pk: `BULK#${i}`, sk: 'BULK' }));
    await batchWrite(
      table,
      keys.map((key, i) => ({ put: { ...key, n: i } })),
    );
    expect(await batchGetItems(table, keys)).toHaveLength(60);

    await batchWrite(
      table,
      keys.slice(0, 30).map((key) => ({ delete: key })),
    );
    const left = (await batchGetItems(table, keys)).map((item) => Number(item.n));
    expect(left.sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 30));
  });
});
