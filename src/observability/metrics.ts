import { loadMetricsConfig } from '../config/metrics-config.js';
import type { METRIC_NAMESPACE, MetricName, MetricService } from './metric-names.js';

export type MetricUnit = 'Count' | 'Milliseconds' | 'Seconds' | 'None';

/**
 * Metrics as CloudWatch Embedded Metric Format: each data point is one JSON log line that CloudWatch Logs
 * turns into a metric (no API call, nothing but a write on the request path). Every metric has the
 * dimension sets [stage] and [stage, service]; one given dimensions of its own has [stage, ...their names]
 * instead.
 */
export interface Metrics {
  put(name: MetricName, value: number, unit: MetricUnit, dimensions?: Readonly<Record<string, string>>): void;
  /** ColdStarts 1 on the first call, nothing after: call it on every event. */
  coldStart(): void;
}

export interface MetricsOptions {
  /** LOG_METRICS: false writes nothing. */
  enabled: boolean;
  /** STAGE: the `stage` dimension. */
  stage: string;
  service: MetricService;
  /** Where lines go; default stdout (a CLI whose stdout is its result passes stderr). */
  write?: (line: string) => void;
  now?: () => number;
}

/** What a program hands down: its service, or that and where lines go. */
export type MetricsSource = MetricService | { service: MetricService; write?: (line: string) => void };

/** A program's metrics, LOG_METRICS and STAGE read from the environment (an Error naming a bad LOG_METRICS). */
export function metricsFor(source: MetricsSource): Metrics {
  return createMetrics({
    ...loadMetricsConfig(),
    ...(typeof source === 'string' ? { service: source } : source),
  });
}

export const silentMetrics: Metrics = { put() {}, coldStart() {} };

/**
 * Our own few lines rather than Powertools Metrics, whose bundle alone is larger than what is left of the
 * API's start-up budget (docs/adr/0006-metrics.md). Kept small on purpose: it is start-up code of every
 * Lambda. Literals rather than the METRIC table, which start-up code should not carry.
 */
export function createMetrics(options: MetricsOptions): Metrics {
  if (!options.enabled) return silentMetrics;
  const { stage, service, write = (line) => process.stdout.write(line), now = Date.now } = options;
  let cold = true;
  const put: Metrics['put'] = (name, value, Unit, dimensions) =>
    write(
      `${JSON.stringify({
        _aws: {
          Timestamp: now(),
          CloudWatchMetrics: [
            {
              Namespace: 'Slimshop' satisfies typeof METRIC_NAMESPACE,
              Dimensions: dimensions
                ? [['stage', ...Object.keys(dimensions)]]
                : [['stage'], ['stage', 'service']],
              Metrics: [{ Name: name, Unit }],
            },
          ],
        },
        ...dimensions,
        stage,
        service,
        [name]: value,
      })}\n`,
    );
  return {
    put,
    coldStart() {
      if (cold) put('ColdStarts', 1, 'Count');
      cold = false;
    },
  };
}
