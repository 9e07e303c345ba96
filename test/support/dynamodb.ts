import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { createDocumentClient, type DocumentClient } from '../../src/adapters/dynamodb/client.js';
import { ensureTable } from '../../src/adapters/dynamodb/table-schema.js';
import { waitUntilAnswering } from '../../src/local/dynamodb-local.js';
import { perTestFile } from './per-test-file.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's shared DynamoDB Local (see dynamodb-global-setup.ts). */
    dynamodbEndpoint: string;
  }
}

export interface TestDynamo {
  endpoint: string;
  client: DocumentClient;
}

// The JVM starts while the first test files load; on a busy machine that takes a while. Less than the
// hook timeout, so a server that never comes up is named as such.
const SERVER_WAIT_MS = 50_000;

let shared: Promise<TestDynamo> | undefined;

/** The run's shared DynamoDB Local, once it answers. Its tables belong to every test file: make your own. */
export function testDynamo(): Promise<TestDynamo> {
  shared ??= (async () => {
    const endpoint = inject('dynamodbEndpoint');
    if ((await waitUntilAnswering(endpoint, SERVER_WAIT_MS)) === 'timeout') {
      throw new Error(`The test DynamoDB Local does not answer at ${endpoint}`);
    }
    return { endpoint, client: createDocumentClient({ region: 'us-east-1', endpoint }) };
  })();
  return shared;
}

/** A table name no other test file of the run picks (DynamoDB wants 3 to 255 characters). */
export function uniqueTableName(prefix = 'test'): string {
  return `${prefix}-${randomBytes(6).toString('hex')}`;
}

/** A new, empty, ACTIVE table on the shared instance, with the app's keys, indexes and TTL. */
export async function createTestTable(prefix = 'test'): Promise<TestDynamo & { tableName: string }> {
  const dynamo = await testDynamo();
  const tableName = uniqueTableName(prefix);
  await ensureTable(dynamo.client, tableName);
  return { ...dynamo, tableName };
}

export interface DynamoTables {
  /** The shared instance's endpoint (valid inside tests and hooks). */
  endpoint(): string;
  client(): DocumentClient;
  /** A new, empty, ACTIVE table: tests that each take one never share state. */
  freshTable(): Promise<string>;
}

/** For a test file: the shared instance, reachable in its tests and hooks, and fresh tables on it. */
export function useDynamoTables(prefix = 'test'): DynamoTables {
  const dynamo = perTestFile('DynamoDB Local', testDynamo, async () => {});
  return {
    endpoint: () => dynamo().endpoint,
    client: () => dynamo().client,
    async freshTable() {
      const tableName = uniqueTableName(prefix);
      await ensureTable(dynamo().client, tableName);
      return tableName;
    },
  };
}
