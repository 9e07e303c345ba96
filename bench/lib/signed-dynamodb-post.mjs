// The floor of a DynamoDB call from Node: one SigV4-signed POST of the operation's JSON over node:http with a
// keep-alive agent, the answer read and parsed. No marshalling, no retries, no timeouts, no error mapping:
// what no client can do with less, so the benches can say how far a path is from it.
import http from 'node:http';
import { tsImport } from 'tsx/esm/api';

// The repository's own SigV4 (checked against AWS's test vectors): the signing is the same work either way.
const { signRequest } = await tsImport('../../src/adapters/shared/sigv4.ts', import.meta.url);

/**
 * A function sending one DynamoDB JSON-protocol operation to a local endpoint and resolving to the parsed
 * answer (AttributeValues as on the wire); it rejects on any status but 200.
 *
 * @example
 * const post = signedDynamoPost({ endpoint: 'http://127.0.0.1:8000', region: 'us-east-1' });
 * const { Item } = await post('GetItem', { TableName: 't', Key: { pk: { S: 'a' }, sk: { S: 'b' } } });
 */
export function signedDynamoPost({
  endpoint,
  region,
  credentials = { accessKeyId: 'x', secretAccessKey: 'x' },
}) {
  const url = new URL(endpoint);
  const agent = new http.Agent({ keepAlive: true });
  return (operation, request) => {
    const body = JSON.stringify(request);
    const headers = signRequest({
      method: 'POST',
      url,
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': `DynamoDB_20120810.${operation}`,
      },
      body,
      service: 'dynamodb',
      region,
      credentials,
      now: new Date(),
    });
    headers['content-length'] = String(Buffer.byteLength(body));
    return new Promise((resolve, reject) => {
      const outgoing = http.request(url, { method: 'POST', agent, headers }, (response) => {
        const chunks = [];
        response.on('data', (chunk) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (response.statusCode === 200) resolve(JSON.parse(text));
          else reject(new Error(`${operation}: HTTP ${response.statusCode} ${text}`));
        });
      });
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  };
}
