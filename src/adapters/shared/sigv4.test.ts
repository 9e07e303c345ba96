import { createHash, createHmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AwsCredentials, signRequest } from './sigv4.js';

// AWS's SigV4 test suite: its example keys, time, region, service and host.
const SUITE_CREDENTIALS = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};
const SUITE_TIME = new Date('2015-08-30T12:36:00Z');

function suiteSignature(method: string, url: string): string {
  const headers = signRequest({
    method,
    url: new URL(url),
    headers: {},
    body: '',
    service: 'service',
    region: 'us-east-1',
    credentials: SUITE_CREDENTIALS,
    now: SUITE_TIME,
  });
  return headers.authorization ?? '';
}

describe('signRequest', () => {
  it.each([
    [
      'get-vanilla',
      'GET',
      'https://example.amazonaws.com/',
      '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
    ],
    [
      'post-vanilla',
      'POST',
      'https://example.amazonaws.com/',
      '5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b',
    ],
    [
      'get-vanilla-query-order-key-case',
      'GET',
      'https://example.amazonaws.com/?Param2=value2&Param1=value1',
      'b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500',
    ],
    [
      'post-vanilla-query',
      'POST',
      'https://example.amazonaws.com/?Param1=value1',
      '28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11',
    ],
  ])('matches the AWS test suite vector %s', (_name, method, url, signature) => {
    expect(suiteSignature(method, url)).toBe(
      `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=${signature}`,
    );
  });

  it('signs DynamoDB requests exactly as the AWS SDK signer does, session tokens included', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string(),
        fc.constantFrom('GetItem', 'Query', 'PutItem', 'BatchWriteItem'),
        fc.option(
          fc.string({ minLength: 1 }).filter((s) => s.trim() === s),
          { nil: undefined },
        ),
        fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }),
        async (body, operation, sessionToken, now) => {
          const credentials: AwsCredentials = {
            ...SUITE_CREDENTIALS,
            ...(sessionToken ? { sessionToken } : {}),
          };
          const headers = {
            'content-type': 'application/x-amz-json-1.0',
            'x-amz-target': `DynamoDB_20120810.${operation}`,
          };
          const ours = signRequest({
            method: 'POST',
            url: new URL('https://dynamodb.eu-west-1.amazonaws.com/'),
            headers,
            body,
            service: 'dynamodb',
            region: 'eu-west-1',
            credentials,
            now,
          });
          const sdk = await new SignatureV4({
            credentials,
            region: 'eu-west-1',
            service: 'dynamodb',
            sha256: NodeSha256 as never,
            applyChecksum: false,
          }).sign(
            {
              method: 'POST',
              protocol: 'https:',
              hostname: 'dynamodb.eu-west-1.amazonaws.com',
              path: '/',
              query: {},
              headers: { ...headers, host: 'dynamodb.eu-west-1.amazonaws.com' },
              body,
            },
            { signingDate: now },
          );
          expect(ours.authorization).toBe(sdk.headers.authorization);
        },
      ),
      { numRuns: 50 },
    );
  });
});

/** The hash the SDK signer is given: SHA-256, or HMAC-SHA-256 when constructed with a key. */
class NodeSha256 {
  private readonly hash;
  constructor(secret?: string | Uint8Array) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', secret);
  }
  update(data: string | Uint8Array) {
    this.hash.update(data);
  }
  async digest() {
    return new Uint8Array(this.hash.digest());
  }
}
