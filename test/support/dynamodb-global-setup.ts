import type { TestProject } from 'vitest/node';
import { createDocumentClient } from '../../src/adapters/dynamodb/client.js';
import { ensureTable } from '../../src/adapters/dynamodb/table-schema.js';
import { type RunningDynamoDbLocal, startDynamoDbLocal } from '../../src/local/dynamodb-local.js';
import { exitUnlessJavaRuntime } from '../../src/local/java-runtime.js';
import { pickFreePort } from '../../src/local/postgres.js';

// Enough requests for the JVM to compile DynamoDB Local's hot paths before test files time their own work.
const WARM_UP_ITEMS = 300;
const WARM_UP_CONCURRENCY = 8;

/**
 * One DynamoDB Local (in memory) for the whole test run: a JVM per test file would cost each file seconds of
 * start-up and JIT. It starts in the background, so runs that need no DynamoDB do not wait for it; test files
 * that do wait in test/support/dynamodb.ts until it answers, each on tables of its own.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Without Java every DynamoDB test would fail the same way: say once how to install it, and stop.
  await exitUnlessJavaRuntime();
  const port = await pickFreePort();
  project.provide('dynamodbEndpoint', `http://127.0.0.1:${port}`);
  const starting: Promise<RunningDynamoDbLocal | undefined> = startDynamoDbLocal({ port })
    .then(async (running) => {
      // Only an optimisation: tests still pass on a cold JVM, just more slowly.
      await warmUp(running.endpoint).catch((error: unknown) =>
        console.warn('Warming DynamoDB Local:', error),
      );
      return running;
    })
    .catch((error: unknown) => {
      console.error('The test DynamoDB Local did not start:', error);
      return undefined;
    });
  return async () => {
    await (await starting)?.stop();
  };
}

/** Writes and reads back a few hundred items on a scratch table, as the tests' adapters do. */
async function warmUp(endpoint: string): Promise<void> {
  const client = createDocumentClient({ region: 'us-east-1', endpoint });
  const TableName = 'jvm-warm-up';
  await ensureTable(client, TableName);
  let next = 0;
  const worker = async () => {
    for (let n = next++; n < WARM_UP_ITEMS; n = next++) {
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
  await Promise.all(Array.from({ length: WARM_UP_CONCURRENCY }, worker));
}
