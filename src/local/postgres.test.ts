import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { PortInUseError, startEmbeddedPostgres } from './postgres.js';

async function query(url: string, sql: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('startEmbeddedPostgres', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });
  const tempDir = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'slimshop-pg-'));
    dirs.push(dir);
    return dir;
  };

  it('initialises once, creates the database, and keeps its data across a restart', async () => {
    const dataDir = await tempDir();
    const first = await startEmbeddedPostgres({ dataDir, port: 0, database: 'shop', durable: false });
    expect(first.connectionString).toBe(`postgres://postgres:slimshop-local@127.0.0.1:${first.port}/shop`);
    await query(first.connectionString, 'CREATE TABLE kept (value int); INSERT INTO kept VALUES (42)');
    await first.stop();

    const second = await startEmbeddedPostgres({ dataDir, port: first.port, database: 'shop' });
    try {
      expect(await query(second.connectionString, 'SELECT value FROM kept')).toEqual([{ value: 42 }]);
    } finally {
      await second.stop();
    }
  });

  it('says which port is taken instead of failing somewhere inside PostgreSQL', async () => {
    const squatter: Server = createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const address = squatter.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    try {
      const started = startEmbeddedPostgres({ dataDir: await tempDir(), port });
      await expect(started).rejects.toBeInstanceOf(PortInUseError);
      await expect(started).rejects.toMatchObject({ code: 'EADDRINUSE', port });
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  });
});
