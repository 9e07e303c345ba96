// The hello handler with its log line (metrics-hello-log.mjs) plus the project's EMF writer, writing the cold start and one data point per event.
import { createMetrics } from '../../src/observability/metrics.ts';

const metrics = createMetrics({ enabled: true, stage: 'bench', service: 'api' });
export const handler = async () => {
  process.stdout.write('{"level":"INFO","message":"request"}\n');
  metrics.coldStart();
  metrics.put('CheckoutLatency', 12, 'Milliseconds');
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    body: '{"status":"ok"}',
    isBase64Encoded: false,
  };
};
