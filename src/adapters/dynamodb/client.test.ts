import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useDynamoTables } from '../../../test/support/dynamodb.js';

/**
 * Our client speaks DynamoDB's wire protocol itself; the AWS SDK is the reference. Whatever one writes the
 * other must read back unchanged, on the same DynamoDB Local.
 */
const local = useDynamoTables('wire');
let tableName: string;
let sdk: DynamoDBDocumentClient;

const ITEM = {
  pk: 'WIRE#1',
  sk: 'WIRE',
  text: 'Grüße, "quotes" and emoji 🛒',
  empty: '',
  integer: 42,
  negative: -7,
  float: 19.99,
  big: Number.MAX_SAFE_INTEGER,
  yes: true,
  no: false,
  nothing: null,
  list: [1, 'two', { three: 3 }, [4]],
  map: { nested: { deeper: ['x'] }, n: 0 },
  emptyList: [],
  emptyMap: {},
};

beforeAll(async () => {
  tableName = await local.freshTable();
  sdk = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      region: 'us-east-1',
      endpoint: local.endpoint(),
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
});
afterAll(() => sdk.destroy());

describe('the DynamoDB client on the wire', () => {
  it('reads back, through the AWS SDK, every kind of value it wrote', async () => {
    await local.client().send('PutItem', { TableName: tableName, Item: ITEM });
    const { Item } = await sdk.send(
      new GetCommand({ TableName: tableName, Key: { pk: ITEM.pk, sk: ITEM.sk } }),
    );
    expect(Item).toEqual(ITEM);
  });

  it('reads what the AWS SDK wrote, drops undefined values, and returns old and new images', async () => {
    const key = { pk: 'WIRE#2', sk: 'WIRE' };
    await sdk.send(new PutCommand({ TableName: tableName, Item: { ...ITEM, ...key } }));
    const { Item } = await local.client().send('GetItem', { TableName: tableName, Key: key });
    expect(Item).toEqual({ ...ITEM, ...key });

    const { Attributes: old } = await local.client().send('PutItem', {
      TableName: tableName,
      Item: { ...key, text: 'replaced', gone: undefined },
      ReturnValues: 'ALL_OLD',
    });
    expect(old?.text).toBe(ITEM.text);
    const { Attributes: updated } = await local.client().send('UpdateItem', {
      TableName: tableName,
      Key: key,
      UpdateExpression: 'SET #n = if_not_exists(#n, :zero) + :one',
      ExpressionAttributeNames: { '#n': 'count' },
      ExpressionAttributeValues: { ':zero': 0, ':one': 1 },
      ReturnValues: 'ALL_NEW',
    });
    expect(updated).toEqual({ ...key, text: 'replaced', count: 1 });
  });

  it('pages a Query with the key DynamoDB hands back', async () => {
    for (let i = 0; i < 5; i++) {
      await local
        .client()
        .send('PutItem', { TableName: tableName, Item: { pk: 'PAGE', sk: `item-${i}`, i } });
    }
    const seen: number[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await local.client().send('Query', {
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'PAGE' },
        Limit: 2,
        ...(start ? { ExclusiveStartKey: start } : {}),
      });
      seen.push(...(page.Items ?? []).map((item) => Number(item.i)));
      start = page.LastEvaluatedKey;
    } while (start);
    expect(seen).toEqual([0, 1, 2, 3, 4]);
  });

  it('names a failed condition as DynamoDB does', async () => {
    const error = await local
      .client()
      .send('PutItem', {
        TableName: tableName,
        Item: { pk: 'WIRE#1', sk: 'WIRE' },
        ConditionExpression: 'attribute_not_exists(pk)',
      })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'ConditionalCheckFailedException', status: 400 });
  });
});
