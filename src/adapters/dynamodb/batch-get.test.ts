import { describe, expect, it } from 'vitest';
import { systemClock } from '../../app/ports/clock.js';
import { UnavailableError } from '../../domain/shared/errors.js';
import type { DocumentClient, Operations } from './client.js';
import { batchGetItems, type Item, type Table } from './table.js';

/**
 * DynamoDB answers a BatchGetItem with whatever it could read and hands the rest back as UnprocessedKeys
 * (throttling, the 16 MB cap). DynamoDB Local never does, so a scripted client plays DynamoDB here.
 */
function scriptedTable(unprocessedRounds: number): { table: Table; requests: number[] } {
  const requests: number[] = [];
  let round = 0;
  const client = {
    async send(_operation: 'BatchGetItem', input: Operations['BatchGetItem'][0]) {
      const keys = input.RequestItems?.t?.Keys ?? [];
      requests.push(keys.length);
      // Each of the first rounds serves only the first key and leaves the rest unprocessed.
      const serveAll = round++ >= unprocessedRounds;
      const served = serveAll ? keys : keys.slice(0, 1);
      const left = serveAll ? [] : keys.slice(1);
      return {
        Responses: { t: served.map((key) => ({ ...key, name: `item ${String(key.pk)}` })) },
        UnprocessedKeys: left.length > 0 ? { t: { Keys: left } } : {},
      };
    },
  } as unknown as DocumentClient;
  return { table: { client, tableName: 't', clock: systemClock }, requests };
}

const keys = (n: number) => Array.from({ length: n }, (_, i) => ({ pk: `P#${i}`, sk: 'P' }));

describe('batchGetItems', () => {
  it('asks again for unprocessed keys until every item is read', async () => {
    const { table, requests } = scriptedTable(2);
    const items = await batchGetItems(table, keys(5));
    expect(items.map((item: Item) => item.pk).sort()).toEqual(['P#0', 'P#1', 'P#2', 'P#3', 'P#4']);
    expect(requests).toEqual([5, 4, 3]);
  });

  it('sends at most 100 keys per request', async () => {
    const { table, requests } = scriptedTable(0);
    expect(await batchGetItems(table, keys(250))).toHaveLength(250);
    expect(requests.sort((a, b) => a - b)).toEqual([50, 100, 100]);
  });

  it('gives up with UnavailableError when keys stay unprocessed', async () => {
    const { table } = scriptedTable(Number.POSITIVE_INFINITY);
    await expect(batchGetItems(table, keys(10))).rejects.toBeInstanceOf(UnavailableError);
  });
});
