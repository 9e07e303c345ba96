// The hello handler with its log line (metrics-hello-log.mjs) plus one outgoing call traced by the project's
// X-Ray writer (src/observability/xray-trace.ts): a subsegment sent to the daemon when the invocation is sampled.
import { traceCall } from '../../src/observability/xray-trace.ts';

export const handler = async () => {
  process.stdout.write('{"level":"INFO","message":"request"}\n');
  await traceCall(
    { namespace: 'aws', service: 'DynamoDB', operation: 'GetItem', input: { TableName: 'slimshop' } },
    async () => ({}),
  );
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    body: '{"status":"ok"}',
    isBase64Encoded: false,
  };
};
