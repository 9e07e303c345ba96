import { describe, expect, it } from 'vitest';
import { AdvisorInputError } from './advisor-errors.js';
import { workloadFromMetrics } from './from-metrics.js';

const line = (at: string, ms: number, extra: object = {}) =>
  JSON.stringify({
    level: 'INFO',
    message: 'request',
    timestamp: at,
    service: 'slimshop',
    method: 'GET',
    path: '/products',
    status: 200,
    ms,
    requestId: 'r',
    ...extra,
  });

describe('workloadFromMetrics', () => {
  it('derives rate, mean duration, memory and the busiest minute from request log lines', () => {
    const lines = [
      line('2026-11-26T10:00:00.000Z', 10, { function_memory_size: 1024 }),
      line('2026-11-26T10:00:10.000Z', 30),
      line('2026-11-26T10:00:20.000Z', 20),
      JSON.stringify({ level: 'INFO', message: 'started', timestamp: '2026-11-26T10:00:30.000Z' }),
      'not json',
      line('2026-11-26T10:03:20.000Z', 20),
    ].join('\n');
    const { workload } = workloadFromMetrics(lines);
    // 4 requests over 200 s, held for a 730-hour month.
    expect(workload.api?.requestsPerMonth).toBe(Math.round((4 / 200) * 730 * 3600));
    expect(workload.api?.avgDurationMs).toBe(20);
    expect(workload.api?.memoryMb).toBe(1024);
    // busiest minute: 3 requests, against 0.02 req/s x 60 = 1.2 a minute on average.
    expect(workload.api?.peakToAverage).toBeCloseTo(3 / 1.2, 6);
  });

  it('builds an hourly profile from a log spanning a day', () => {
    const lines = [
      line('2026-11-26T00:00:00Z', 5),
      line('2026-11-26T13:00:00Z', 5),
      line('2026-11-27T13:00:00Z', 5),
    ];
    const profile = workloadFromMetrics(lines.join('\n')).workload.api?.hourlyProfile;
    expect(profile?.[13]).toBe(2);
    expect(profile?.[0]).toBe(1);
  });

  it('reads a bench result: server throughput held all month, median latency as duration', () => {
    const bench = {
      name: 'catalog-read',
      summary: [{ read: 'get', 'server req/s': 400, 'server p50 ms': 21 }],
    };
    const { workload } = workloadFromMetrics(JSON.stringify(bench, null, 2));
    expect(workload.api).toEqual({ requestsPerMonth: 400 * 730 * 3600, avgDurationMs: 21 });
  });

  it('refuses a file with no request metrics', () => {
    expect(() => workloadFromMetrics('{"level":"INFO","message":"hello"}')).toThrow(AdvisorInputError);
  });
});
