import { describe, expect, it } from 'vitest';
import { METRIC } from './metric-names.js';
import { createMetrics, type MetricsOptions } from './metrics.js';

interface EmfLine {
  _aws: {
    Timestamp: number;
    CloudWatchMetrics: {
      Namespace: string;
      Dimensions: string[][];
      Metrics: { Name: string; Unit: string }[];
    }[];
  };
  [field: string]: unknown;
}

function recording(options: Partial<MetricsOptions> = {}) {
  const lines: string[] = [];
  const metrics = createMetrics({
    enabled: true,
    stage: 'prod',
    service: 'api',
    write: (line) => lines.push(line),
    now: () => 1_700_000_000_000,
    ...options,
  });
  const parsed = () => lines.map((line) => JSON.parse(line) as EmfLine);
  return { metrics, lines, parsed };
}

describe('metrics as CloudWatch Embedded Metric Format', () => {
  it('writes one JSON line per data point: namespace Slimshop, the unit, stage and service dimensions', () => {
    const { metrics, lines, parsed } = recording();

    metrics.put(METRIC.checkoutLatency, 42, 'Milliseconds');
    metrics.put(METRIC.ordersPlaced, 1, 'Count');

    expect(lines.every((line) => line.endsWith('}\n') && !line.slice(0, -1).includes('\n'))).toBe(true);
    const [latency, placed] = parsed();
    expect(latency?._aws).toEqual({
      Timestamp: 1_700_000_000_000,
      CloudWatchMetrics: [
        {
          Namespace: 'Slimshop',
          Dimensions: [['stage'], ['stage', 'service']],
          Metrics: [{ Name: 'CheckoutLatency', Unit: 'Milliseconds' }],
        },
      ],
    });
    // EMF takes each dimension's value and the metric's value from the line's own top-level fields.
    expect(latency).toMatchObject({ stage: 'prod', service: 'api', CheckoutLatency: 42 });
    expect(placed?._aws.CloudWatchMetrics[0]?.Metrics).toEqual([{ Name: 'OrdersPlaced', Unit: 'Count' }]);
    expect(placed?.OrdersPlaced).toBe(1);
  });

  it('a metric with dimensions of its own is keyed by stage and those, each a field of the line', () => {
    const { metrics, parsed } = recording({ service: 'jobs', stage: 'dev' });

    metrics.put(METRIC.jobRuns, 1, 'Count', { job: 'catalog-import', outcome: 'failed' });

    const [line] = parsed();
    expect(line?._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([['stage', 'job', 'outcome']]);
    expect(line).toMatchObject({ stage: 'dev', job: 'catalog-import', outcome: 'failed', JobRuns: 1 });
    // Every dimension named has its value on the line, or CloudWatch drops the metric.
    for (const name of line?._aws.CloudWatchMetrics[0]?.Dimensions.flat() ?? [])
      expect(typeof line?.[name]).toBe('string');
  });

  it('counts a cold start once: the first event of the environment, not the ones after', () => {
    const { metrics, parsed } = recording({ service: 'images' });

    metrics.coldStart();
    metrics.coldStart();
    metrics.coldStart();

    expect(parsed()).toHaveLength(1);
    expect(parsed()[0]).toMatchObject({ ColdStarts: 1, service: 'images' });
    expect(parsed()[0]?._aws.CloudWatchMetrics[0]?.Metrics).toEqual([{ Name: 'ColdStarts', Unit: 'Count' }]);
  });

  it('LOG_METRICS=false writes nothing; enabled, the same calls write lines', () => {
    const off = recording({ enabled: false });
    const on = recording({ enabled: true });

    for (const { metrics } of [off, on]) {
      metrics.put(METRIC.ordersPlaced, 1, 'Count');
      metrics.coldStart();
    }

    expect(off.lines).toEqual([]);
    expect(on.lines).toHaveLength(2);
  });
});
