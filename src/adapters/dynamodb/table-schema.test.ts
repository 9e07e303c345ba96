import { describe, expect, it } from 'vitest';
import { uniqueTableName, useDynamoTables } from '../../../test/support/dynamodb.js';
import { createTableInput, ensureTable, GLOBAL_SECONDARY_INDEXES, INDEX_NAMES } from './table-schema.js';

const local = useDynamoTables();

describe('the single table', () => {
  it('is created once even when several processes ensure it at the same time', async () => {
    const client = local.client();
    const shared = uniqueTableName('shared');
    await Promise.all([
      ensureTable(client, shared),
      ensureTable(client, shared),
      ensureTable(client, shared),
    ]);
    await ensureTable(client, shared);
    const { Table } = await client.send('DescribeTable', { TableName: shared });
    expect(Table?.TableStatus).toBe('ACTIVE');
    expect(Table?.BillingModeSummary?.BillingMode ?? 'PAY_PER_REQUEST').toBe('PAY_PER_REQUEST');
    expect(Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName).sort()).toEqual(
      Object.values(INDEX_NAMES).sort(),
    );
    for (const index of Table?.GlobalSecondaryIndexes ?? []) {
      expect(index.IndexStatus).toBe('ACTIVE');
      expect(index.Projection?.ProjectionType).toBe('ALL');
    }
  });

  it('defines every key attribute exactly once, as a string', () => {
    const input = createTableInput('t');
    const names = input.AttributeDefinitions?.map((definition) => definition.AttributeName) ?? [];
    expect(new Set(names).size).toBe(names.length);
    const used = new Set([
      'pk',
      'sk',
      ...GLOBAL_SECONDARY_INDEXES.flatMap((i) => [i.partitionKey, i.sortKey]),
    ]);
    expect(new Set(names)).toEqual(used);
    expect(input.AttributeDefinitions?.every((definition) => definition.AttributeType === 'S')).toBe(true);
  });
});
