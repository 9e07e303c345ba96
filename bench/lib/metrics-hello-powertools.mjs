// The hello handler with its log line (metrics-hello-log.mjs) plus Powertools Metrics doing the same: the cold start and one data point per event.
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

const metrics = new Metrics({
  namespace: 'Slimshop',
  serviceName: 'api',
  defaultDimensions: { stage: 'bench' },
});
export const handler = async () => {
  process.stdout.write('{"level":"INFO","message":"request"}\n');
  metrics.captureColdStartMetric();
  metrics.addMetric('CheckoutLatency', MetricUnit.Milliseconds, 12);
  metrics.publishStoredMetrics();
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    body: '{"status":"ok"}',
    isBase64Encoded: false,
  };
};
