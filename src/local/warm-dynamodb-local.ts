import { createDocumentClient } from '../adapters/dynamodb/client.js';
import { ensureTable } from '../adapters/dynamodb/table-schema.js';

const SCRATCH_TABLE = 'jvm-warm-up';
const CONCURRENCY = 8;

/**
 * A few hundred writes, reads and queries on a scratch table, like the adapters' own: DynamoDB Local's JVM
 * then has its hot paths compiled, so the first test files or measured rounds do not pay for its JIT.
 * A retried write finds its own item, hence the condition that accepts it.
 */
export async function warmUpDynamoDbLocal(endpoint: string, items = 300): Promise<void> {
  const client = createDocumentClient({ region: 'us-east-1', endpoint });
  const TableName = SCRATCH_TABLE;
  await ensureTable(client, TableName);
  let next = 0;
  const worker = async () => {
    for (let n = next++; n < items; n = next++) {
      const key = { pk: `WARM#${n % 20}`, sk: `ITEM#${n}` };
      await client.send('PutItem', {
        TableName,
        Item: { ...key, statusKey: 'warm', createdKey: `${n}`, n },
        ConditionExpression: 'attribute_not_exists(pk) OR n = :n',
        ExpressionAttributeValues: { ':n': n },
      });
      await client.send('GetItem', { TableName, Key: key, ConsistentRead: true });
      await client.send('Query', {
        TableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': key.pk },
        Limit: 5,
      });
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}
