import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../adapters/dynamodb/client.js';
import { ensureTable } from '../adapters/dynamodb/table-schema.js';
import { startDynalite } from './dynalite.js';

describe('startDynalite', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('listens on a free port per instance, so parallel test files never collide', async () => {
    const [a, b] = await Promise.all([startDynalite(), startDynalite()]);
    try {
      expect(a.port).toBeGreaterThan(0);
      expect(a.port).not.toBe(b.port);
      expect(a.endpoint).toBe(`http://127.0.0.1:${a.port}`);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('keeps data across restarts when given a path, and the table is ACTIVE at once', async () => {
    const path = await mkdtemp(join(tmpdir(), 'slimshop-dynalite-'));
    dirs.push(path);
    const first = await startDynalite({ path });
    const firstClient = createDocumentClient({ region: 'us-east-1', endpoint: first.endpoint });
    const started = Date.now();
    await ensureTable(firstClient, 'persisted');
    // dynalite's default keeps new tables CREATING for 500 ms; we configure it to skip that.
    expect(Date.now() - started).toBeLessThan(500);
    await firstClient.send('PutItem', { TableName: 'persisted', Item: { pk: 'a', sk: 'b', value: 42 } });
    await first.close();

    const second = await startDynalite({ path });
    const secondClient = createDocumentClient({ region: 'us-east-1', endpoint: second.endpoint });
    try {
      await ensureTable(secondClient, 'persisted');
      const { Item } = await secondClient.send('GetItem', {
        TableName: 'persisted',
        Key: { pk: 'a', sk: 'b' },
      });
      expect(Item?.value).toBe(42);
    } finally {
      await second.close();
    }
  });
});
