import { createDocumentClient, type DocumentClient } from '../../src/adapters/dynamodb/client.js';
import { ensureTable } from '../../src/adapters/dynamodb/table-schema.js';
import { type RunningDynalite, startDynalite } from '../../src/local/dynalite.js';
import { perTestFile } from '../support/per-test-file.js';

export interface DynaliteHarness {
  /** The running stand-in (valid inside tests and hooks). */
  dynalite(): RunningDynalite;
  client(): DocumentClient;
  /** A new, empty, ACTIVE table: tests that each take one never share state. */
  freshTable(): Promise<string>;
}

/** One in-memory dynalite per test file, on a free port, closed after the file's tests. */
export function useDynalite(prefix = 'test'): DynaliteHarness {
  let tables = 0;
  const running = perTestFile(
    'dynalite',
    async () => {
      const dynalite = await startDynalite();
      return { dynalite, client: createDocumentClient({ region: 'us-east-1', endpoint: dynalite.endpoint }) };
    },
    async ({ dynalite }) => {
      await dynalite.close();
    },
  );

  return {
    dynalite: () => running().dynalite,
    client: () => running().client,
    async freshTable() {
      const tableName = `${prefix}-${++tables}`;
      await ensureTable(running().client, tableName);
      return tableName;
    },
  };
}
