import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../test/support/postgres.js';
import { UnavailableError } from '../../domain/shared/errors.js';
import { sqlState, toDatabaseFailure } from './errors.js';
import { withTransaction } from './transaction.js';

describe('withTransaction', () => {
  const database = useTestDatabase({ max: 10, migrate: false });
  const pool = () => database().pool;
  beforeAll(async () => {
    await pool().query('CREATE TABLE counters (id text PRIMARY KEY, n int NOT NULL)');
  });
  const counter = async (id: string) =>
    (await pool().query<{ n: number }>('SELECT n FROM counters WHERE id = $1', [id])).rows[0]?.n;

  it('commits what the work did when it returns, and returns its value', async () => {
    const value = await withTransaction(pool(), async (client) => {
      await client.query("INSERT INTO counters VALUES ('committed', 1)");
      return 'done';
    });
    expect(value).toBe('done');
    expect(await counter('committed')).toBe(1);
  });

  it('rolls everything back when the work throws, and rethrows that error', async () => {
    const failure = new Error('changed my mind');
    await expect(
      withTransaction(pool(), async (client) => {
        await client.query("INSERT INTO counters VALUES ('rolled-back', 1)");
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await counter('rolled-back')).toBeUndefined();
  });

  it('retries serialization failures until both conflicting transactions commit', async () => {
    await pool().query("INSERT INTO counters VALUES ('serial', 0)");
    let attempts = 0;
    // Both first attempts read before either writes (a barrier, not a sleep: a loaded machine may delay one).
    let readers = 0;
    let bothRead: () => void = () => {};
    const barrier = new Promise<void>((resolve) => {
      bothRead = resolve;
    });
    const increment = () =>
      withTransaction(
        pool(),
        async (client) => {
          attempts++;
          const { rows } = await client.query<{ n: number }>("SELECT n FROM counters WHERE id = 'serial'");
          if (attempts <= 2) {
            if (++readers === 2) bothRead();
            await Promise.race([barrier, sleep(5_000)]);
          }
          await client.query("UPDATE counters SET n = $1 WHERE id = 'serial'", [(rows[0]?.n ?? 0) + 1]);
        },
        { isolation: 'serializable' },
      );
    await Promise.all([increment(), increment()]);
    expect(await counter('serial')).toBe(2);
    expect(attempts).toBeGreaterThan(2);
  });

  it('retries a deadlock victim, so lock-order mistakes cost latency, not errors', async () => {
    await pool().query("INSERT INTO counters VALUES ('left', 0), ('right', 0)");
    let attempts = 0;
    const failures: (string | undefined)[] = [];
    // Both first attempts hold their first row before either asks for its second (a barrier, not a
    // sleep), so the server must pick a deadlock victim; the victim's retry then finds the rows free.
    let holders = 0;
    let bothHold: () => void = () => {};
    const barrier = new Promise<void>((resolve) => {
      bothHold = resolve;
    });
    const lockBoth = (first: string, second: string) =>
      withTransaction(pool(), async (client) => {
        const attempt = ++attempts;
        await client.query('UPDATE counters SET n = n + 1 WHERE id = $1', [first]);
        if (attempt <= 2) {
          if (++holders === 2) bothHold();
          await barrier;
        }
        try {
          await client.query('UPDATE counters SET n = n + 1 WHERE id = $1', [second]);
        } catch (error) {
          failures.push(sqlState(error));
          throw error;
        }
      });
    await Promise.all([lockBoth('left', 'right'), lockBoth('right', 'left')]);
    expect(failures).toEqual(['40P01']);
    expect(attempts).toBe(3);
    expect([await counter('left'), await counter('right')]).toEqual([2, 2]);
  });

  it('gives up after the allowed attempts and throws the last failure', async () => {
    let attempts = 0;
    const conflict = Object.assign(new Error('could not serialize access'), { code: '40001' });
    await expect(
      withTransaction(
        pool(),
        async () => {
          attempts++;
          throw conflict;
        },
        { attempts: 3 },
      ),
    ).rejects.toBe(conflict);
    expect(attempts).toBe(3);
  });

  it('survives its connection being killed between two statements, and the pool carries on', async () => {
    const attempt = withTransaction(pool(), async (client) => {
      const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      // The connection ends while no statement is running on it; the next statement finds it closed.
      const ended = new Promise((resolve) => client.once('end', resolve));
      await pool().query('SELECT pg_terminate_backend($1)', [rows[0]?.pid]);
      await ended;
      await client.query('SELECT 1');
    });
    const error = await attempt.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/is not queryable/);
    // The stores see it as the outage it is: retry later, not a bug.
    expect(toDatabaseFailure(error)).toBeInstanceOf(UnavailableError);
    expect((await pool().query('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]);
  });
});
