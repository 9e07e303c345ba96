import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll } from 'vitest';
import { createDocumentClient } from '../../src/adapters/dynamodb/client.js';
import { ensureTable } from '../../src/adapters/dynamodb/table-schema.js';
import { type RunningDynalite, startDynalite } from '../../src/local/dynalite.js';

export interface DynaliteHarness {
  /** The running stand-in (valid inside tests and hooks). */
  dynalite(): RunningDynalite;
  client(): DynamoDBDocumentClient;
  /** A new, empty, ACTIVE table: tests that each take one never share state. */
  freshTable(): Promise<string>;
}

/** One in-memory dynalite per test file, on a free port, closed after the file's tests. */
export function useDynalite(prefix = 'test'): DynaliteHarness {
  let running: RunningDynalite | undefined;
  let client: DynamoDBDocumentClient | undefined;
  let tables = 0;

  beforeAll(async () => {
    running = await startDynalite();
    client = createDocumentClient({ region: 'us-east-1', endpoint: running.endpoint });
  });

  afterAll(async () => {
    client?.destroy();
    await running?.close();
  });

  const required = <T>(value: T | undefined): T => {
    if (value === undefined)
      throw new Error('dynalite is not running: use the harness inside tests or hooks');
    return value;
  };

  return {
    dynalite: () => required(running),
    client: () => required(client),
    async freshTable() {
      const tableName = `${prefix}-${++tables}`;
      await ensureTable(required(client), tableName);
      return tableName;
    },
  };
}
