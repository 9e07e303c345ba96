import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { useDynalite } from '../../../test/contract/dynalite-harness.js';
import { DomainError, UnavailableError } from '../../domain/shared/errors.js';
import { startDynalite } from '../../local/dynalite.js';
import { createDynamoCatalogRepository } from './catalog-repository.js';
import { createDocumentClient } from './client.js';
import { createDynamoIdempotencyStore } from './idempotency-store.js';
import { StorageError } from './storage-errors.js';

/** Failures reach callers as domain errors: transient ones as UnavailableError, SDK text only in `cause`. */

const local = useDynalite();
let tableName: string;

beforeAll(async () => {
  tableName = await local.freshTable();
});

describe('DynamoDB failures as the app sees them', () => {
  it('turns throttling into UnavailableError with the SDK error as cause, never its message', async () => {
    const client = createDocumentClient({ region: 'us-east-1', endpoint: local.dynalite().endpoint });
    const throttled = new ProvisionedThroughputExceededException({
      message: 'Rate of requests exceeds the allowed throughput for arn:aws:dynamodb:secret-table',
      $metadata: {},
    });
    // Injected after the retry loop gave up (build runs outside it), so the test needs no backoff waits.
    client.middlewareStack.add(
      () => async () => {
        throw throttled;
      },
      { step: 'build', name: 'injectThrottling' },
    );
    const repository = createDynamoCatalogRepository({ client, tableName });
    const error = await repository.getProduct('any').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UnavailableError);
    expect((error as UnavailableError).retryAfterSeconds).toBeGreaterThan(0);
    expect((error as Error).cause).toBe(throttled);
    expect((error as Error).message).not.toMatch(/arn|throughput/i);

    const store = createDynamoIdempotencyStore({ client, tableName });
    await expect(store.claim('k', 'f', { ttlSeconds: 60, lockSeconds: 5 })).rejects.toBeInstanceOf(
      UnavailableError,
    );
    client.destroy();
  });

  it('turns an unreachable endpoint into UnavailableError', async () => {
    const stopped = await startDynalite();
    await stopped.close();
    const client = createDocumentClient({ region: 'us-east-1', endpoint: stopped.endpoint });
    const repository = createDynamoCatalogRepository({ client, tableName });
    const error = await repository
      .listProducts({ limit: 5, statuses: ['active'], sort: 'name' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UnavailableError);
    expect((error as Error).message).not.toContain('ECONNREFUSED');
    client.destroy();
  });

  it('reports a misconfiguration (no such table) as a StorageError, not as something to retry', async () => {
    const client = createDocumentClient({ region: 'us-east-1', endpoint: local.dynalite().endpoint });
    const repository = createDynamoCatalogRepository({ client, tableName: 'missing-table' });
    const error = await repository.getCategory('any').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StorageError);
    expect(error).not.toBeInstanceOf(DomainError);
    expect((error as Error).message).not.toContain('missing-table');
    expect((error as Error).cause).toBeInstanceOf(Error);
    client.destroy();
  });
});
