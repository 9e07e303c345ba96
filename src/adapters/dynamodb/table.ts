import type {
  DeleteCommandInput,
  PutCommandInput,
  QueryCommandInput,
  QueryCommandOutput,
  UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../../app/ports/clock.js';
import { UnavailableError } from '../../domain/shared/errors.js';
import type { DocumentClient } from './client.js';
import type { ItemKey } from './keys.js';
import { isConditionFailed, toStorageFailure } from './storage-errors.js';

export type Item = Record<string, unknown>;

/** The table and its collaborators, as every DynamoDB helper receives them. */
export interface Table {
  client: DocumentClient;
  tableName: string;
  clock: Clock;
}

/** A conditional write whose condition did not hold: the caller decides which domain error that is. */
export class ConditionFailed extends Error {
  constructor(options: { cause: unknown }) {
    super('The write condition did not hold.', options);
    this.name = 'ConditionFailed';
  }
}

type Omitted = 'TableName';

/**
 * Thin wrappers over the DocumentClient: they add the table name and translate errors once. A failed
 * condition becomes `ConditionFailed` (an expected outcome); everything else goes through toStorageFailure.
 */
async function run<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw isConditionFailed(error) ? new ConditionFailed({ cause: error }) : toStorageFailure(error);
  }
}

/** Strongly consistent: every single-item read here either guards a write or answers a GET after one. */
export async function getItem(table: Table, key: ItemKey): Promise<Item | undefined> {
  const output = await run(() =>
    table.client.send('GetItem', { TableName: table.tableName, Key: key, ConsistentRead: true }),
  );
  return output.Item;
}

/** Returns the item it replaced (ALL_OLD: no extra capacity), or undefined when there was none. */
export async function putItem(
  table: Table,
  input: Omit<PutCommandInput, Omitted | 'ReturnValues'>,
): Promise<Item | undefined> {
  const output = await run(() =>
    table.client.send('PutItem', { ...input, TableName: table.tableName, ReturnValues: 'ALL_OLD' }),
  );
  return output.Attributes;
}

type Condition = Pick<
  PutCommandInput,
  'ConditionExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'
>;

/** Runs a conditional write; false when its condition did not hold (someone else wrote since). */
export async function conditionHeld(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (error) {
    if (error instanceof ConditionFailed) return false;
    throw error;
  }
}

export function putIfStill(table: Table, item: Item, condition: Condition): Promise<boolean> {
  return conditionHeld(() => putItem(table, { Item: item, ...condition }));
}

/** Returns the deleted item (ALL_OLD), or undefined when there was none. */
export async function deleteItem(
  table: Table,
  input: Omit<DeleteCommandInput, Omitted | 'ReturnValues'>,
): Promise<Item | undefined> {
  const output = await run(() =>
    table.client.send('DeleteItem', { ...input, TableName: table.tableName, ReturnValues: 'ALL_OLD' }),
  );
  return output.Attributes;
}

/** Deletes under a condition; a failed condition just means "not ours any more", which is fine here. */
export function deleteIfStill(table: Table, key: ItemKey, condition: Condition): Promise<boolean> {
  return conditionHeld(() => deleteItem(table, { Key: key, ...condition }));
}

export async function updateItem(
  table: Table,
  input: Omit<UpdateCommandInput, Omitted | 'ReturnValues'>,
): Promise<Item | undefined> {
  const output = await run(() =>
    table.client.send('UpdateItem', { ...input, TableName: table.tableName, ReturnValues: 'ALL_NEW' }),
  );
  return output.Attributes;
}

export async function query(
  table: Table,
  input: Omit<QueryCommandInput, Omitted>,
): Promise<Omit<QueryCommandOutput, '$metadata'>> {
  return run(() => table.client.send('Query', { ...input, TableName: table.tableName }));
}

/** DynamoDB's cap on keys per BatchGetItem request. */
const BATCH_GET_MAX_KEYS = 100;
const BATCH_GET_ATTEMPTS = 5;
const BATCH_GET_BACKOFF_MS = 25;

/**
 * Strongly consistent reads of many items: one BatchGetItem per 100 keys, chunks in parallel. DynamoDB may
 * leave keys unprocessed (throttling, the 16 MB response cap); those are asked for again with backoff, and
 * if some are still left after a few attempts the storage is busy: UnavailableError rather than a silent gap.
 */
export async function batchGetItems(table: Table, keys: readonly ItemKey[]): Promise<Item[]> {
  const chunks: ItemKey[][] = [];
  for (let i = 0; i < keys.length; i += BATCH_GET_MAX_KEYS)
    chunks.push(keys.slice(i, i + BATCH_GET_MAX_KEYS));
  const pages = await Promise.all(chunks.map((chunk) => batchGetChunk(table, chunk)));
  return pages.flat();
}

async function batchGetChunk(table: Table, keys: ItemKey[]): Promise<Item[]> {
  const items: Item[] = [];
  let pending: Record<string, unknown>[] = keys.map((key) => ({ ...key }));
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt === BATCH_GET_ATTEMPTS) {
      throw new UnavailableError('The catalog storage is busy: retry in a moment.', { retryAfterSeconds: 1 });
    }
    if (attempt > 0) await sleep(BATCH_GET_BACKOFF_MS * 2 ** attempt * Math.random());
    const output = await run(() =>
      table.client.send('BatchGetItem', {
        RequestItems: { [table.tableName]: { Keys: pending, ConsistentRead: true } },
      }),
    );
    items.push(...(output.Responses?.[table.tableName] ?? []));
    pending = output.UnprocessedKeys?.[table.tableName]?.Keys ?? [];
  }
  return items;
}

/** DynamoDB's cap on requests per BatchWriteItem call. */
const BATCH_WRITE_MAX = 25;

export type WriteRequest = { put: Item } | { delete: ItemKey };

/**
 * Unconditional puts and deletes in bulk (imports): 25 per BatchWriteItem, chunks in sequence so a caller's
 * own concurrency decides the load. Unprocessed requests (throttling) are sent again with jittered backoff;
 * still left after a few attempts: UnavailableError, so the caller retries the whole (idempotent) batch.
 */
export async function batchWrite(table: Table, requests: readonly WriteRequest[]): Promise<void> {
  for (let i = 0; i < requests.length; i += BATCH_WRITE_MAX) {
    let pending = requests.slice(i, i + BATCH_WRITE_MAX).map(toWriteRequest);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt === BATCH_GET_ATTEMPTS) {
        throw new UnavailableError('The catalog storage is busy: retry in a moment.', {
          retryAfterSeconds: 1,
        });
      }
      if (attempt > 0) await sleep(BATCH_GET_BACKOFF_MS * 2 ** attempt * Math.random());
      const batch = pending;
      const output = await run(() =>
        table.client.send('BatchWriteItem', { RequestItems: { [table.tableName]: batch } }),
      );
      pending = (output.UnprocessedItems?.[table.tableName] ?? []) as typeof pending;
    }
  }
}

function toWriteRequest(request: WriteRequest) {
  return 'put' in request
    ? { PutRequest: { Item: request.put } }
    : { DeleteRequest: { Key: { ...request.delete } } };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
