import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useDynamoTables } from '../../../test/support/dynamodb.js';
import { DomainError, UnavailableError } from '../../domain/shared/errors.js';
import { startDynamoDbLocal } from '../../local/dynamodb-local.js';
import { createDynamoCatalogRepository } from './catalog-repository.js';
import { createDocumentClient } from './client.js';
import { createDynamoIdempotencyStore } from './idempotency-store.js';
import { StorageError } from './storage-errors.js';

/** Failures reach callers as domain errors: transient ones as UnavailableError, DynamoDB's text only in `cause`. */

const local = useDynamoTables();
let tableName: string;

/** A DynamoDB endpoint that throttles every request, answering in DynamoDB's own wire format. */
let throttling: { server: Server; endpoint: string; requests: number };

beforeAll(async () => {
  tableName = await local.freshTable();
  const server = createServer((request, response) => {
    throttling.requests++;
    request.resume().on('end', () => {
      response.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' }).end(
        JSON.stringify({
          __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
          message: 'Rate of requests exceeds the allowed throughput for arn:aws:dynamodb:secret-table',
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  throttling = { server, endpoint: `http://127.0.0.1:${port}`, requests: 0 };
});

afterAll(() => new Promise<void>((resolve) => throttling.server.close(() => resolve())));

describe('DynamoDB failures as the app sees them', () => {
  it('retries throttling, then answers UnavailableError with DynamoDB error as cause, never its message', async () => {
    const client = createDocumentClient({ region: 'us-east-1', endpoint: throttling.endpoint });
    const repository = createDynamoCatalogRepository({ client, tableName });
    throttling.requests = 0;
    const error = await repository.getProduct('any').catch((caught: unknown) => caught);
    expect(throttling.requests).toBe(3);
    expect(error).toBeInstanceOf(UnavailableError);
    expect((error as UnavailableError).retryAfterSeconds).toBeGreaterThan(0);
    expect((error as Error).cause).toMatchObject({ name: 'ProvisionedThroughputExceededException' });
    expect((error as Error).message).not.toMatch(/arn|throughput/i);

    const store = createDynamoIdempotencyStore({ client, tableName });
    await expect(store.claim('k', 'f', { ttlSeconds: 60, lockSeconds: 5 })).rejects.toBeInstanceOf(
      UnavailableError,
    );
  });

  it('turns an unreachable endpoint into UnavailableError', async () => {
    const stopped = await startDynamoDbLocal();
    await stopped.stop();
    const client = createDocumentClient({ region: 'us-east-1', endpoint: stopped.endpoint });
    const repository = createDynamoCatalogRepository({ client, tableName });
    const error = await repository
      .listProducts({ limit: 5, statuses: ['active'], sort: 'name' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UnavailableError);
    expect((error as Error).message).not.toContain('ECONNREFUSED');
  });

  it('reports a misconfiguration (no such table) as a StorageError, not as something to retry', async () => {
    const client = createDocumentClient({ region: 'us-east-1', endpoint: local.endpoint() });
    const repository = createDynamoCatalogRepository({ client, tableName: 'missing-table' });
    const error = await repository.getCategory('any').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StorageError);
    expect(error).not.toBeInstanceOf(DomainError);
    expect((error as Error).message).not.toContain('missing-table');
    expect((error as Error).cause).toMatchObject({ name: 'ResourceNotFoundException' });
  });
});
