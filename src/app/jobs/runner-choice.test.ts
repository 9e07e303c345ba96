import { describe, expect, it } from 'vitest';
import type { JobEstimate } from './job-record.js';
import { chooseRunner, formatDuration } from './runner-choice.js';

const estimate = (seconds: number): JobEstimate => ({
  units: seconds * 500,
  unit: 'rows',
  msPerUnit: 2,
  seconds,
  basis: `${(seconds * 500).toLocaleString('en-US')} rows × 2 ms`,
});

describe('chooseRunner', () => {
  it('runs a job estimated at up to 10 minutes on Lambda and says why', () => {
    expect(chooseRunner(estimate(240))).toEqual({
      runner: 'lambda',
      reason: "≈ 4 min (120,000 rows × 2 ms): fits Lambda's 10-minute budget",
      shards: 1,
    });
    expect(chooseRunner(estimate(600)).runner).toBe('lambda');
  });

  it('keeps one "≈" when the basis is itself approximate', () => {
    const basis = '≈ 1,000 rows (file size 76,000 bytes ÷ 76 bytes per sampled row) × 0.5 ms per row';
    expect(chooseRunner({ ...estimate(1), basis }).reason).toBe(
      "≈ 1 s (1,000 rows (file size 76,000 bytes ÷ 76 bytes per sampled row) × 0.5 ms per row): fits Lambda's 10-minute budget",
    );
  });

  it('submits a longer job to AWS Batch', () => {
    const choice = chooseRunner(estimate(601));
    expect(choice.runner).toBe('batch');
    expect(choice.reason).toBe(
      "≈ 10 min (300,500 rows × 2 ms): beyond Lambda's 10-minute budget, so AWS Batch",
    );
    expect(choice.shards).toBe(1);
  });

  it('splits a long shardable job into shards of about 15 minutes, at least 2 and at most 50', () => {
    expect(chooseRunner(estimate(2 * 3600), true)).toMatchObject({ runner: 'batch', shards: 8 });
    expect(chooseRunner(estimate(2 * 3600), true).reason).toMatch(/array job of 8 shards of ≈ 15 min$/);
    expect(chooseRunner(estimate(700), true).shards).toBe(2);
    expect(chooseRunner(estimate(100 * 3600), true).shards).toBe(50);
    expect(chooseRunner(estimate(300), true).shards).toBe(1);
  });
});

describe('formatDuration', () => {
  it('rounds to the unit a person would use', () => {
    expect(formatDuration(0.2)).toBe('1 s');
    expect(formatDuration(45)).toBe('45 s');
    expect(formatDuration(239)).toBe('4 min');
    expect(formatDuration(5400)).toBe('1.5 h');
    expect(formatDuration(7200)).toBe('2 h');
    expect(formatDuration(50 * 3600)).toBe('50 h');
  });
});
