// The baseline for metrics: the hello handler writing one log line to stdout, as every API request does.
export const handler = async () => {
  process.stdout.write('{"level":"INFO","message":"request"}\n');
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    body: '{"status":"ok"}',
    isBase64Encoded: false,
  };
};
