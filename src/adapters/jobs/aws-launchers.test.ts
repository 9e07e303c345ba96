import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { JobLaunchError } from '../../app/ports/job-launcher.js';
import { createBatchJobLauncher } from './batch-launcher.js';
import { createLambdaJobLauncher } from './lambda-launcher.js';

interface Captured {
  method: string;
  hostname: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * A request handler in place of the SDK's HTTP one: it keeps each serialized, signed request and answers as
 * the service would. No mocking library, and everything up to the wire is the SDK's own code.
 */
function captureRequests(statusCode: number, body: string) {
  const requests: Captured[] = [];
  const requestHandler = {
    async handle(request: Captured & { body?: unknown }) {
      requests.push({
        method: request.method,
        hostname: request.hostname,
        path: request.path,
        headers: request.headers,
        body:
          typeof request.body === 'string'
            ? request.body
            : new TextDecoder().decode(request.body as Uint8Array),
      });
      return {
        response: {
          statusCode,
          headers: { 'content-type': 'application/json' },
          body: Readable.from([body]),
        },
      };
    },
  };
  const clientConfig = {
    requestHandler,
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    maxAttempts: 1,
  };
  return { requests, clientConfig };
}

const QUEUE = 'arn:aws:batch:eu-west-1:123456789012:job-queue/slimshop-jobs';
const DEFINITIONS = {
  'import-catalog': 'arn:aws:batch:eu-west-1:123456789012:job-definition/slimshop-import-catalog:7',
  'reoptimize-images': 'arn:aws:batch:eu-west-1:123456789012:job-definition/slimshop-reoptimize-images:3',
};

/** The Batch launcher on the QUEUE and DEFINITIONS above, its requests captured. */
function batchLauncher(statusCode: number, body: string) {
  const { requests, clientConfig } = captureRequests(statusCode, body);
  const launcher = createBatchJobLauncher({
    queueArn: QUEUE,
    definitionArns: DEFINITIONS,
    region: 'eu-west-1',
    clientConfig,
  });
  return { requests, launcher };
}

describe('AWS job launchers', () => {
  it('invokes the jobs function asynchronously with { jobId }', async () => {
    const { requests, clientConfig } = captureRequests(202, '');
    const launcher = createLambdaJobLauncher({
      functionName: 'slimshop-jobs',
      region: 'eu-west-1',
      clientConfig,
    });
    await launcher.launch({ id: 'abc123', type: 'import-catalog', runner: 'lambda', shards: 1 });
    expect(requests).toHaveLength(1);
    const [request] = requests as [Captured];
    expect(request.method).toBe('POST');
    expect(request.hostname).toBe('lambda.eu-west-1.amazonaws.com');
    expect(request.path).toBe('/2015-03-31/functions/slimshop-jobs/invocations');
    expect(request.headers['x-amz-invocation-type']).toBe('Event');
    expect(JSON.parse(request.body)).toEqual({ jobId: 'abc123' });
  });

  it('submits a long job to the queue with the exact job-definition ARN and the jobId parameter', async () => {
    const { requests, launcher } = batchLauncher(200, '{"jobArn":"arn","jobName":"n","jobId":"j"}');
    await launcher.launch({ id: 'abc123', type: 'import-catalog', runner: 'batch', shards: 1 });
    const [request] = requests as [Captured];
    expect(request.hostname).toBe('batch.eu-west-1.amazonaws.com');
    expect(request.path).toBe('/v1/submitjob');
    expect(JSON.parse(request.body)).toEqual({
      jobName: 'import-catalog-abc123',
      jobQueue: QUEUE,
      jobDefinition: DEFINITIONS['import-catalog'],
      parameters: { jobId: 'abc123' },
    });
  });

  it('submits a sharded job as an array job of that size', async () => {
    const { requests, launcher } = batchLauncher(200, '{"jobArn":"arn","jobName":"n","jobId":"j"}');
    await launcher.launch({ id: 'xyz', type: 'reoptimize-images', runner: 'batch', shards: 8 });
    expect(JSON.parse((requests[0] as Captured).body)).toMatchObject({
      jobDefinition: DEFINITIONS['reoptimize-images'],
      arrayProperties: { size: 8 },
      containerOverrides: { environment: [{ name: 'AWS_BATCH_JOB_ARRAY_SIZE', value: '8' }] },
    });
  });

  it('fails with JobLaunchError when the service refuses or no definition is configured', async () => {
    const { requests, launcher } = batchLauncher(
      403,
      '{"__type":"AccessDeniedException","message":"not authorized to perform batch:SubmitJob"}',
    );
    const refused = await launcher
      .launch({ id: 'a', type: 'import-catalog', runner: 'batch', shards: 1 })
      .catch((e) => e);
    expect(refused).toBeInstanceOf(JobLaunchError);
    const missing = await launcher
      .launch({ id: 'a', type: 'sales-report', runner: 'batch', shards: 1 })
      .catch((e) => e);
    expect(missing).toBeInstanceOf(JobLaunchError);
    expect(requests).toHaveLength(1);
  });
});
