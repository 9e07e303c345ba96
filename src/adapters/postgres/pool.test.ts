import { afterEach, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../test/support/postgres.js';
import type { Logger } from '../../app/ports/logger.js';
import { UnavailableError } from '../../domain/shared/errors.js';
import { pickFreePort } from '../../local/postgres.js';
import { sqlState, toDatabaseFailure } from './errors.js';
import { type AuthTokenRequest, createPostgresPool, type PostgresPoolOptions } from './pool.js';

/** How a store sees a failure (translated), and what the driver raised (the cause). */
async function failureOf(work: Promise<unknown>): Promise<{ error: Error; cause: unknown }> {
  try {
    await work;
  } catch (cause) {
    return { error: toDatabaseFailure(cause), cause };
  }
  throw new Error('expected the query to fail');
}

describe('createPostgresPool', () => {
  const database = useTestDatabase({ max: 4 });
  const pools: { end(): Promise<void> }[] = [];
  const poolFor = (options: Partial<PostgresPoolOptions> = {}) => {
    const pool = createPostgresPool({
      connectionString: database().connectionString,
      max: 2,
      ...options,
    } as PostgresPoolOptions);
    pools.push(pool);
    return pool;
  };
  afterEach(async () => {
    await Promise.all(pools.splice(0).map((pool) => pool.end()));
  });

  it('cuts a slow statement off at the statement timeout', async () => {
    const pool = poolFor({ timeouts: { statementMs: 200 } });
    const { error, cause } = await failureOf(pool.query('SELECT pg_sleep(3)'));
    expect(error).toBeInstanceOf(UnavailableError);
    // query_canceled, raised by statement_timeout: the server cut it, not the client's read timeout.
    expect(sqlState(cause)).toBe('57014');
    expect((cause as Error).message).toMatch(/statement timeout/);
  });

  it('stops waiting for a locked row at the lock timeout', async () => {
    const holder = database().pool;
    await holder.query('CREATE TABLE IF NOT EXISTS locked (id int PRIMARY KEY)');
    await holder.query('INSERT INTO locked VALUES (1) ON CONFLICT DO NOTHING');
    const client = await holder.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT * FROM locked WHERE id = 1 FOR UPDATE');
      const pool = poolFor({ timeouts: { lockMs: 200 } });
      const { error, cause } = await failureOf(pool.query('UPDATE locked SET id = 1 WHERE id = 1'));
      expect(error).toBeInstanceOf(UnavailableError);
      // lock_not_available, raised by lock_timeout (the statement timeout, 5 s, would say 57014).
      expect(sqlState(cause)).toBe('55P03');
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });

  it('gives up on a frozen server at the read timeout instead of hanging', async () => {
    const pool = poolFor({ max: 1, timeouts: { readMs: 300 } });
    const { rows } = await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const pid = rows[0]?.pid as number;
    process.kill(pid, 'SIGSTOP');
    try {
      const { error, cause } = await failureOf(pool.query('SELECT 1'));
      expect(error).toBeInstanceOf(UnavailableError);
      // The client's own read timeout: a stopped backend answers nothing, not even a timeout of its own.
      expect((cause as Error).message).toBe('Query read timeout');
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    // The stuck connection was dropped; the next query gets a fresh one.
    expect((await pool.query('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]);
  });

  it('stops waiting for a free connection at the connect timeout', async () => {
    const pool = poolFor({ max: 1, timeouts: { connectMs: 200 } });
    const busy = await pool.connect();
    try {
      const { error, cause } = await failureOf(pool.query('SELECT 1'));
      expect(error).toBeInstanceOf(UnavailableError);
      expect((cause as Error).message).toMatch(/timeout exceeded when trying to connect/);
    } finally {
      busy.release();
    }
  });

  it('fails on the refused connection when nothing listens at the address', async () => {
    const url = new URL(database().connectionString);
    url.port = String(await pickFreePort());
    const pool = poolFor({ connectionString: url.toString() });
    const { error, cause } = await failureOf(pool.query('SELECT 1'));
    expect(error).toBeInstanceOf(UnavailableError);
    // Refused by the operating system: no connect timeout was waited out.
    expect(cause).toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('replaces an idle connection that died, telling the logger instead of crashing', async () => {
    const warnings: string[] = [];
    let warned: () => void = () => {};
    const firstWarning = new Promise<void>((resolve) => {
      warned = resolve;
    });
    const logger: Logger = {
      debug() {},
      info() {},
      warn: (message) => {
        warnings.push(message);
        warned();
      },
      error() {},
    };
    const pool = poolFor({ max: 1, logger });
    const { rows } = await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    await database().pool.query('SELECT pg_terminate_backend($1)', [rows[0]?.pid]);
    // The server's notice reaches the idle connection; without the pool's listener this would crash the run.
    await firstWarning;
    expect(warnings).toEqual(['An idle PostgreSQL connection failed; the pool will open a new one']);
    expect((await pool.query('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]);
  });

  it('survives a checked-out connection dying between statements; the next query on it fails', async () => {
    const pool = poolFor({ max: 1 });
    const client = await pool.connect();
    const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    // The connection ends while checked out and idle: the 'error' it emits then must not crash the process.
    const ended = new Promise((resolve) => client.once('end', resolve));
    await database().pool.query('SELECT pg_terminate_backend($1)', [rows[0]?.pid]);
    await ended;
    const { error, cause } = await failureOf(client.query('SELECT 1'));
    expect((cause as Error).message).toMatch(/is not queryable/);
    expect(error).toBeInstanceOf(UnavailableError);
    client.release(true);
    expect((await pool.query('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]);
  });

  it('logs in with a fresh IAM-style token per connection, from the URL or from the parts', async () => {
    const url = new URL(database().connectionString);
    const password = decodeURIComponent(url.password);
    const requests: AuthTokenRequest[] = [];
    const authToken = async (request: AuthTokenRequest) => {
      requests.push(request);
      return password;
    };
    url.password = '';
    const fromUrl = poolFor({ connectionString: url.toString(), authToken, ssl: false });
    const fromParts = poolFor({
      host: url.hostname,
      port: Number(url.port),
      database: url.pathname.slice(1),
      user: url.username,
      authToken,
      ssl: false,
    } as Partial<PostgresPoolOptions>);
    for (const pool of [fromUrl, fromParts])
      expect((await pool.query('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]);
    const expected = { host: url.hostname, port: Number(url.port), user: url.username };
    expect(requests).toEqual([expected, expected]);
  });
});
