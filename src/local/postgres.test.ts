import { appendFile, mkdtemp, readdir, readlink, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { Logger } from '../app/ports/logger.js';
import { PortInUseError, startEmbeddedPostgres } from './postgres.js';
import { isProcessAlive, postmasterPid } from './process-status.js';

async function query(url: string, sql: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

/** A logger that keeps what it is told, for tests that check what an operator would read. */
function recordingLogger() {
  const lines: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
  const waiters: (() => void)[] = [];
  const record = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    lines.push({ level, message, fields });
    for (const wake of waiters.splice(0)) wake();
  };
  const logger: Logger = {
    debug: () => {},
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
  };
  /** Resolves with the first line whose message contains `text`, once it is logged. */
  const logged = async (text: string) => {
    for (;;) {
      const line = lines.find((candidate) => candidate.message.includes(text));
      if (line) return line;
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  return { logger, lines, logged };
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

  it('restarts a server that was killed, logging it, and the same URL works again', async () => {
    const { logger, logged } = recordingLogger();
    // Durable: with synchronous_commit off, a commit just before the kill may be lost with the server.
    const server = await startEmbeddedPostgres({ dataDir: await tempDir(), port: 0, logger });
    try {
      await query(
        server.connectionString,
        'CREATE TABLE survives (value int); INSERT INTO survives VALUES (7)',
      );
      const killed = (await postmasterPid(server.clusterDir)) as number;

      process.kill(killed, 'SIGKILL');

      expect((await logged('stopped unexpectedly')).level).toBe('warn');
      expect(await logged('PostgreSQL restarted')).toMatchObject({ level: 'info', fields: { attempt: 1 } });
      expect(await query(server.connectionString, 'SELECT value FROM survives')).toEqual([{ value: 7 }]);
      expect((await postmasterPid(server.clusterDir)) as number).not.toBe(killed);
    } finally {
      await server.stop();
    }
  });

  it('after the last failed restart says so in one error line; stop() then returns at once', async () => {
    const { logger, lines, logged } = recordingLogger();
    const server = await startEmbeddedPostgres({
      dataDir: await tempDir(),
      port: 0,
      durable: false,
      logger,
      restartDelaysMs: [0, 0],
    });
    // The running server never reads it again; any new one refuses to start.
    await appendFile(join(server.clusterDir, 'postgresql.conf'), '\nthis is not a setting\n');

    process.kill((await postmasterPid(server.clusterDir)) as number, 'SIGKILL');

    expect((await logged('could not be restarted after 2 attempts')).level).toBe('error');
    expect(lines.filter((line) => line.message === 'PostgreSQL did not restart')).toHaveLength(2);
    await server.stop();
    await expect(query(server.connectionString, 'SELECT 1')).rejects.toThrow();
  });

  it('stop() returns once a killed server is gone, also while a restart is pending', async () => {
    const server = await startEmbeddedPostgres({ dataDir: await tempDir(), port: 0, durable: false });
    const killed = (await postmasterPid(server.clusterDir)) as number;

    process.kill(killed, 'SIGKILL');
    await server.stop();
    await server.stop();

    expect(isProcessAlive(killed)).toBe(false);
    await expect(query(server.connectionString, 'SELECT 1')).rejects.toThrow();
  });

  it.runIf(userInfo().uid === 0)(
    'as root, starts with DATA_DIR inside a directory only root may enter, and leaves no password file',
    async () => {
      const privateDir = await tempDir();
      const dataDir = join(privateDir, 'clone', '.data', 'postgres');
      const server = await startEmbeddedPostgres({ dataDir, port: 0, durable: false });
      try {
        expect(await query(server.connectionString, 'SELECT current_user AS name')).toEqual([
          { name: 'postgres' },
        ]);
        expect(server.clusterDir).not.toBe(dataDir);
        expect(await readlink(dataDir)).toBe(server.clusterDir);
        // initdb's password file went with the private directory it was written in.
        const beside = await readdir(dirname(server.clusterDir));
        expect(beside.filter((name) => name.startsWith('.initdb-'))).toEqual([]);
      } finally {
        await server.stop();
        await rm(dirname(server.clusterDir), { recursive: true, force: true });
      }
    },
  );
});
