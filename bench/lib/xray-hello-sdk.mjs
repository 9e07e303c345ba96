// The hello handler with its log line (metrics-hello-log.mjs) plus the same traced call through aws-xray-sdk-core:
// a subsegment of Lambda's facade segment, with the fields our writer sends, closed after the call.
import AWSXRay from 'aws-xray-sdk-core';

export const handler = async () => {
  process.stdout.write('{"level":"INFO","message":"request"}\n');
  const subsegment = AWSXRay.getSegment().addNewSubsegment('DynamoDB');
  subsegment.addAttribute('namespace', 'aws');
  subsegment.addAttribute('aws', { operation: 'GetItem', table_name: 'slimshop' });
  await (async () => ({}))();
  subsegment.close();
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    body: '{"status":"ok"}',
    isBase64Encoded: false,
  };
};
