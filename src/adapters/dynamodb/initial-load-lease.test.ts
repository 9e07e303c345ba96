import { describe, expect, it } from 'vitest';
import { useDynamoTables } from '../../../test/support/dynamodb.js';
import { LEASE_MS, leaseHeldByOther, takeLease } from './initial-load-lease.js';
import type { Table } from './table.js';

const harness = useDynamoTables('initial-load-lease');

async function table(): Promise<Table & { advance(ms: number): void }> {
  let now = Date.parse('2026-11-26T10:00:00Z');
  return {
    client: harness.client(),
    tableName: await harness.freshTable(),
    clock: { now: () => new Date(now) },
    advance: (ms) => {
      now += ms;
    },
  };
}

describe('the initial load lease', () => {
  it('goes to one holder at a time; the same holder (a rerun of the same file) takes it back', async () => {
    const t = await table();
    const first = await takeLease(t, 'a.jsonl');
    expect(first).toBeDefined();
    expect(await takeLease(t, 'b.jsonl')).toBeUndefined();
    expect(await leaseHeldByOther(t, 'b.jsonl')).toBe(true);
    expect(await leaseHeldByOther(t, 'a.jsonl')).toBe(false);
    expect(await takeLease(t, 'a.jsonl')).toBeDefined();
    await first?.release();
    expect(await leaseHeldByOther(t, 'b.jsonl')).toBe(false);
    expect(await takeLease(t, 'b.jsonl')).toBeDefined();
  });

  it('expires unless renewed; a holder whose lease was taken learns it and cannot release the new one', async () => {
    const t = await table();
    const first = await takeLease(t, 'a.jsonl');
    t.advance(LEASE_MS - 1_000);
    expect(await first?.renew()).toBe(true);
    t.advance(LEASE_MS - 1_000);
    expect(await takeLease(t, 'b.jsonl')).toBeUndefined();

    t.advance(2_000 + 1);
    expect(await leaseHeldByOther(t, 'b.jsonl')).toBe(false);
    const second = await takeLease(t, 'b.jsonl');
    expect(second).toBeDefined();
    expect(await first?.renew()).toBe(false);
    await first?.release();
    expect(await leaseHeldByOther(t, 'a.jsonl')).toBe(true);
  });
});
