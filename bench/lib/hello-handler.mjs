// The cold-start baseline: the smallest useful Lambda handler.
export const handler = async () => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json' },
  body: '{"status":"ok"}',
  isBase64Encoded: false,
});
