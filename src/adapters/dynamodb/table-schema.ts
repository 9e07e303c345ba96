import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import type { DocumentClient } from './client.js';

/**
 * The single table as plain data: the adapters, `ensureTable` and the CDK app's test all read it, so the
 * deployed table and the code cannot drift apart. docs/data-model.md explains every key and index.
 */

export interface KeyPair {
  partitionKey: string;
  sortKey: string;
}

export interface IndexDefinition extends KeyPair {
  indexName: string;
  projection: 'ALL';
}

export const TABLE_KEYS: KeyPair = { partitionKey: 'pk', sortKey: 'sk' };

/** Epoch seconds; DynamoDB TTL deletes expired items lazily (within days), so readers still filter them. */
export const TTL_ATTRIBUTE = 'expiresAt';

const BILLING_MODE = 'PAY_PER_REQUEST';

export const INDEX_NAMES = {
  byStatusCreated: 'byStatusCreated',
  byStatusPrice: 'byStatusPrice',
  byStatusName: 'byStatusName',
  byCategoryCreated: 'byCategoryCreated',
  byCategoryPrice: 'byCategoryPrice',
  byCategoryName: 'byCategoryName',
} as const;

export type IndexName = keyof typeof INDEX_NAMES;

/**
 * Overloaded GSIs: `statusKey` partitions products by status (and holds every category under 'CATEGORY'),
 * `catStatusKey` partitions them by category and status. All index sort keys end in `#<id>`: unique.
 */
export const GLOBAL_SECONDARY_INDEXES: readonly IndexDefinition[] = [
  {
    indexName: INDEX_NAMES.byStatusCreated,
    partitionKey: 'statusKey',
    sortKey: 'createdKey',
    projection: 'ALL',
  },
  { indexName: INDEX_NAMES.byStatusPrice, partitionKey: 'statusKey', sortKey: 'priceKey', projection: 'ALL' },
  { indexName: INDEX_NAMES.byStatusName, partitionKey: 'statusKey', sortKey: 'nameKey', projection: 'ALL' },
  {
    indexName: INDEX_NAMES.byCategoryCreated,
    partitionKey: 'catStatusKey',
    sortKey: 'createdKey',
    projection: 'ALL',
  },
  {
    indexName: INDEX_NAMES.byCategoryPrice,
    partitionKey: 'catStatusKey',
    sortKey: 'priceKey',
    projection: 'ALL',
  },
  {
    indexName: INDEX_NAMES.byCategoryName,
    partitionKey: 'catStatusKey',
    sortKey: 'nameKey',
    projection: 'ALL',
  },
];

/** Every key attribute, base table and indexes: all strings. */
function keyAttributeNames(): string[] {
  const names = [TABLE_KEYS, ...GLOBAL_SECONDARY_INDEXES].flatMap((keys) => [
    keys.partitionKey,
    keys.sortKey,
  ]);
  return [...new Set(names)];
}

export function createTableInput(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: BILLING_MODE,
    KeySchema: [
      { AttributeName: TABLE_KEYS.partitionKey, KeyType: 'HASH' },
      { AttributeName: TABLE_KEYS.sortKey, KeyType: 'RANGE' },
    ],
    AttributeDefinitions: keyAttributeNames().map((name) => ({ AttributeName: name, AttributeType: 'S' })),
    GlobalSecondaryIndexes: GLOBAL_SECONDARY_INDEXES.map((index) => ({
      IndexName: index.indexName,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' },
        { AttributeName: index.sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: index.projection },
    })),
  };
}

const POLL_MS = 100;
const MAX_WAIT_MS = 60_000;

/**
 * Creates the table when it is missing, waits until it and its indexes are ACTIVE, and turns TTL on as the
 * CDK app does. For local stand-ins and tests: in AWS the CDK app owns the table.
 */
export async function ensureTable(client: DocumentClient, tableName: string): Promise<void> {
  if ((await describeStatus(client, tableName)) === 'MISSING') {
    try {
      await client.send('CreateTable', createTableInput(tableName));
    } catch (error) {
      // Another process created it between our describe and create: fine, wait for it like for our own.
      if (!(error instanceof Error && error.name === 'ResourceInUseException')) throw error;
    }
  }
  const deadline = Date.now() + MAX_WAIT_MS;
  while ((await describeStatus(client, tableName)) !== 'ACTIVE') {
    if (Date.now() > deadline)
      throw new Error(`Table ${tableName} did not become ACTIVE within ${MAX_WAIT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  await enableTimeToLive(client, tableName);
}

/** Expired carts and idempotency records are then deleted by DynamoDB itself (lazily: readers still filter). */
async function enableTimeToLive(client: DocumentClient, tableName: string): Promise<void> {
  const { TimeToLiveDescription } = await client.send('DescribeTimeToLive', { TableName: tableName });
  const status = TimeToLiveDescription?.TimeToLiveStatus;
  if (status === 'ENABLED' || status === 'ENABLING') return;
  try {
    await client.send('UpdateTimeToLive', {
      TableName: tableName,
      TimeToLiveSpecification: { Enabled: true, AttributeName: TTL_ATTRIBUTE },
    });
  } catch (error) {
    // Another process turned it on between our describe and update: what we wanted.
    if (!(error instanceof Error && /already enabled/i.test(error.message))) throw error;
  }
}

async function describeStatus(client: DocumentClient, tableName: string): Promise<string> {
  try {
    const { Table } = await client.send('DescribeTable', { TableName: tableName });
    const indexesActive = (Table?.GlobalSecondaryIndexes ?? []).every(
      (index) => index.IndexStatus === 'ACTIVE',
    );
    return Table?.TableStatus === 'ACTIVE' && indexesActive ? 'ACTIVE' : (Table?.TableStatus ?? 'UNKNOWN');
  } catch (error) {
    if (error instanceof Error && error.name === 'ResourceNotFoundException') return 'MISSING';
    throw error;
  }
}
