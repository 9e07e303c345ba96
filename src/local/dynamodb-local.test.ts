import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createDocumentClient } from '../adapters/dynamodb/client.js';
import { ensureTable, TTL_ATTRIBUTE } from '../adapters/dynamodb/table-schema.js';
import { startDynamoDbLocal, waitUntilAnswering } from './dynamodb-local.js';
import { PortInUseError } from './postgres.js';

describe('startDynamoDbLocal', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('keeps tables and items in its dbPath folder across restarts; ensureTable makes them ACTIVE with TTL', async () => {
    const dbPath = await mkdtemp(join(tmpdir(), 'slimshop-dynamodb-'));
    dirs.push(dbPath);
    const first = await startDynamoDbLocal({ dbPath });
    expect(first.endpoint).toBe(`http://127.0.0.1:${first.port}`);
    const client = createDocumentClient({ region: 'us-east-1', endpoint: first.endpoint });
    try {
      await ensureTable(client, 'persisted');
      const { Table } = await client.send('DescribeTable', { TableName: 'persisted' });
      expect(Table?.TableStatus).toBe('ACTIVE');
      const { TimeToLiveDescription } = await client.send('DescribeTimeToLive', { TableName: 'persisted' });
      expect(TimeToLiveDescription).toMatchObject({
        TimeToLiveStatus: 'ENABLED',
        AttributeName: TTL_ATTRIBUTE,
      });
      await client.send('PutItem', { TableName: 'persisted', Item: { pk: 'a', sk: 'b', value: 42 } });
    } finally {
      await first.stop();
    }
    expect(await readdir(dbPath)).toContain('shared-local-instance.db');

    const second = await startDynamoDbLocal({ dbPath });
    try {
      const again = createDocumentClient({ region: 'us-east-1', endpoint: second.endpoint });
      const { Item } = await again.send('GetItem', { TableName: 'persisted', Key: { pk: 'a', sk: 'b' } });
      expect(Item?.value).toBe(42);
    } finally {
      await second.stop();
    }
  });

  it('stop() after the process died on its own just returns', async () => {
    const running = await startDynamoDbLocal();
    process.kill(-running.pid, 'SIGKILL');
    await running.stop();
    await running.stop();
    expect(await waitUntilAnswering(running.endpoint, 0)).toBe('timeout');
  });

  it("refuses a port that is taken with an error naming it (npm start turns that into DYNAMODB_PORT's fix)", async () => {
    const taken = Number(new URL(inject('dynamodbEndpoint')).port);
    await waitUntilAnswering(inject('dynamodbEndpoint'), 50_000);
    const error = await startDynamoDbLocal({ port: taken }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PortInUseError);
    expect(error).toMatchObject({ code: 'EADDRINUSE', port: taken });
  });
});
