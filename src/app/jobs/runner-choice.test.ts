import { describe, expect, it } from 'vitest';
import { countOf } from './counted.js';
import type { JobEstimate } from './job-record.js';
import { chooseRunner, formatDuration } from './runner-choice.js';

const estimate = (seconds: number): JobEstimate => ({
  units: seconds * 500,
  unit: 'rows',
  msPerUnit: 2,
  seconds,
  basis: `${(seconds * 500).toLocaleString('en-US')} rows at 2 ms per row`,
});

describe('chooseRunner', () => {
  it('runs a job estimated at up to 10 minutes on Lambda and says why in one sentence', () => {
    expect(chooseRunner(estimate(240))).toEqual({
      runner: 'lambda',
      reason: "About 4 minutes for 120,000 rows at 2 ms per row, which fits Lambda's 10-minute budget.",
      shards: 1,
    });
    expect(chooseRunner(estimate(600)).runner).toBe('lambda');
  });

  it('reads as a sentence for a one-row file: no stray symbols, singular where there is one', () => {
    const basis = '1 row (counted in a file of 120 bytes) at 2.1 ms per row';
    expect(chooseRunner({ ...estimate(1), basis }).reason).toBe(
      "About 1 second for 1 row (counted in a file of 120 bytes) at 2.1 ms per row, which fits Lambda's 10-minute budget.",
    );
  });

  it('says "under a second" for nothing to do', () => {
    const reason = chooseRunner({
      ...estimate(0),
      basis: '0 rows (counted in a file of 0 bytes) at 2.1 ms per row',
    }).reason;
    expect(reason).toMatch(/^Under a second for 0 rows /);
  });

  it('submits a longer job to AWS Batch', () => {
    const choice = chooseRunner(estimate(601));
    expect(choice.runner).toBe('batch');
    expect(choice.reason).toBe(
      "About 10 minutes for 300,500 rows at 2 ms per row, beyond Lambda's 10-minute budget, so it runs on AWS Batch.",
    );
    expect(choice.shards).toBe(1);
  });

  it('splits a long shardable job into shards of about 15 minutes, at least 2 and at most 50', () => {
    expect(chooseRunner(estimate(2 * 3600), true)).toMatchObject({ runner: 'batch', shards: 8 });
    expect(chooseRunner(estimate(2 * 3600), true).reason).toMatch(
      /so it runs on AWS Batch as an array job of 8 shards of about 15 minutes each\.$/,
    );
    expect(chooseRunner(estimate(700), true).shards).toBe(2);
    expect(chooseRunner(estimate(100 * 3600), true).shards).toBe(50);
    expect(chooseRunner(estimate(300), true).shards).toBe(1);
  });
});

describe('formatDuration', () => {
  it('rounds to the unit a person would use, singular for one', () => {
    expect(formatDuration(0.2)).toBe('1 second');
    expect(formatDuration(45)).toBe('45 seconds');
    expect(formatDuration(60)).toBe('1 minute');
    expect(formatDuration(239)).toBe('4 minutes');
    expect(formatDuration(3600)).toBe('1 hour');
    expect(formatDuration(5400)).toBe('1.5 hours');
    expect(formatDuration(7200)).toBe('2 hours');
    expect(formatDuration(50 * 3600)).toBe('50 hours');
  });
});

describe('countOf', () => {
  it('is singular only for exactly one, with thousands separators', () => {
    expect(countOf(0, 'rows')).toBe('0 rows');
    expect(countOf(1, 'rows')).toBe('1 row');
    expect(countOf(2, 'shards')).toBe('2 shards');
    expect(countOf(1200.4, 'products')).toBe('1,200 products');
  });
});
