import type { ENV } from './env-names.js';

// Self-contained on purpose (no runtime import): the metric writer's chunk reads it, and the API Lambda's
// start-up code must not grow by a byte for it (see docs/adr/0006-metrics.md).

/** The defaults of LOG_METRICS and STAGE, spelled as in the environment (docs/configuration.md quotes them). */
export const METRICS_DEFAULTS = { logMetrics: 'true', stage: 'local' } as const;

// The names in env-names.ts, checked by the compiler: a renamed variable fails to build here.
const LOG_METRICS: (typeof ENV)['logMetrics'] = 'LOG_METRICS';
const STAGE: (typeof ENV)['stage'] = 'STAGE';

export interface MetricsConfig {
  /** LOG_METRICS: write the metric lines. */
  enabled: boolean;
  /** STAGE: the `stage` dimension. */
  stage: string;
}

/** Thrown for a bad LOG_METRICS, named like config.ts's ConfigError so start-up failures read alike. */
export class MetricsConfigError extends Error {
  readonly variable = LOG_METRICS;
  constructor(value: string) {
    super(
      `Invalid configuration: ${LOG_METRICS} is invalid: expected true or false, got ${JSON.stringify(value.slice(0, 20))}`,
    );
    this.name = 'ConfigError';
  }
}

/** LOG_METRICS (`true`/`false`/`1`/`0`) and STAGE, read by every program's metric writer. */
export function loadMetricsConfig(env: Record<string, string | undefined> = process.env): MetricsConfig {
  const flag = env[LOG_METRICS] || METRICS_DEFAULTS.logMetrics;
  if (!['true', 'false', '1', '0'].includes(flag)) throw new MetricsConfigError(flag);
  return { enabled: flag === 'true' || flag === '1', stage: env[STAGE] || METRICS_DEFAULTS.stage };
}
