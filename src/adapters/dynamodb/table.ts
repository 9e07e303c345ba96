import { createHash, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type {
  DeleteCommandInput,
  PutCommandInput,
  QueryCommandInput,
  QueryCommandOutput,
  TransactWriteCommandInput,
  UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { type Clock, systemClock } from '../../app/ports/clock.js';
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

/** What every DynamoDB adapter is created with: the client, the table, and a clock tests may pin. */
export interface TableOptions {
  client: DocumentClient;
  tableName: string;
  /** Drives leases, claim ages and expiry; default: the system clock. */
  clock?: Clock;
}

export function tableFrom(options: TableOptions): Table {
  return { client: options.client, tableName: options.tableName, clock: options.clock ?? systemClock };
}

/**
 * A conditional write whose condition did not hold: the caller decides which domain error that is.
 * `item` is the item as the condition saw it (undefined: there was none).
 */
export class ConditionFailed extends Error {
  readonly item: Item | undefined;
  constructor(options: { cause: unknown }) {
    super('The write condition did not hold.', options);
    this.name = 'ConditionFailed';
    this.item = (options.cause as { details?: { Item?: Item } }).details?.Item;
  }
}

/**
 * Attribute naming the attempt that wrote an item conditionally. A request that timed out may still have
 * landed; the client then sends the very same body again, whose condition now fails on our own write. The
 * item the failure returns (ReturnValuesOnConditionCheckFailure) carrying our token proves that, so the
 * retry answers as the first attempt would have, instead of "already exists" or "changed meanwhile".
 */
const WRITE_TOKEN = 'writeToken';

function landedEarlier(error: unknown, token: string): error is ConditionFailed {
  return error instanceof ConditionFailed && error.item?.[WRITE_TOKEN] === token;
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

/** Writes the item; a conditional put that had landed before a retry counts as done (WRITE_TOKEN). */
export async function putItem(
  table: Table,
  input: Omit<PutCommandInput, Omitted | 'ReturnValues'>,
): Promise<void> {
  if (input.ConditionExpression === undefined) {
    await run(() => table.client.send('PutItem', { ...input, TableName: table.tableName }));
    return;
  }
  const token = randomUUID();
  try {
    await run(() =>
      table.client.send('PutItem', {
        ...input,
        Item: { ...input.Item, [WRITE_TOKEN]: token },
        TableName: table.tableName,
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
  } catch (error) {
    if (!landedEarlier(error, token)) throw error;
  }
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

// An update expression has at most one SET clause: the token joins it, or starts one. Clause keywords are
// upper case here, and names and values are placeholders (#name, :value), so the keyword cannot be mistaken.
const SET_CLAUSE = /(^|\s)SET\s+/;

/**
 * Returns the item as written (ALL_NEW). A conditional update that had landed before a retry counts as done
 * (WRITE_TOKEN): the item its failed condition returns is then our own write.
 */
export async function updateItem(
  table: Table,
  input: Omit<UpdateCommandInput, Omitted | 'ReturnValues'>,
): Promise<Item | undefined> {
  if (input.ConditionExpression === undefined) {
    const output = await run(() =>
      table.client.send('UpdateItem', { ...input, TableName: table.tableName, ReturnValues: 'ALL_NEW' }),
    );
    return output.Attributes;
  }
  const token = randomUUID();
  const expression = input.UpdateExpression ?? '';
  const stamp = `#${WRITE_TOKEN} = :${WRITE_TOKEN}`;
  try {
    const output = await run(() =>
      table.client.send('UpdateItem', {
        ...input,
        UpdateExpression: SET_CLAUSE.test(expression)
          ? expression.replace(SET_CLAUSE, (clause) => `${clause}${stamp}, `)
          : `SET ${stamp} ${expression}`,
        ExpressionAttributeNames: { ...input.ExpressionAttributeNames, [`#${WRITE_TOKEN}`]: WRITE_TOKEN },
        ExpressionAttributeValues: { ...input.ExpressionAttributeValues, [`:${WRITE_TOKEN}`]: token },
        TableName: table.tableName,
        ReturnValues: 'ALL_NEW',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return output.Attributes;
  } catch (error) {
    if (landedEarlier(error, token)) return error.item;
    throw error;
  }
}

/** What an action of a transaction says, without its table name (the table adds it). */
interface ActionBody extends Condition {
  Item?: Item;
  Key?: ItemKey;
  UpdateExpression?: string;
}

/** One action of a transaction. */
export type TransactAction =
  | { Put: ActionBody & { Item: Item } }
  | { Update: ActionBody & { Key: ItemKey; UpdateExpression: string } }
  | { Delete: ActionBody & { Key: ItemKey } }
  | { ConditionCheck: ActionBody & { Key: ItemKey; ConditionExpression: string } };

/** Why each action of a cancelled transaction failed, in action order ('None' for those that did not). */
export interface CancellationReason {
  code: string;
  /** The item as the failed condition saw it (undefined: there was none, or the action did not fail). */
  item: Item | undefined;
}

/** A transaction DynamoDB cancelled because a condition did not hold: `reasons` say which and why. */
export class TransactionCancelled extends Error {
  constructor(
    readonly reasons: CancellationReason[],
    options: { cause: unknown },
  ) {
    super('The transaction was cancelled.', options);
    this.name = 'TransactionCancelled';
  }
  /** Whether the action at this index failed its condition. */
  failed(index: number): boolean {
    return this.reasons[index]?.code === 'ConditionalCheckFailed';
  }
}

const TRANSACTION_ATTEMPTS = 4;
const TRANSACTION_BACKOFF_MS = 20;

/**
 * All actions or none (TransactWriteItems). Its ClientRequestToken is derived from the actions themselves,
 * so the client's retry of a request that timed out but landed is answered "done" by DynamoDB (for 10
 * minutes) instead of failing its own conditions. A conflict with another transaction on the same items is
 * retried here; a failed condition becomes TransactionCancelled with each action's reason.
 */
export async function transactWrite(table: Table, actions: readonly TransactAction[]): Promise<void> {
  const items = actions.map((action) => withTable(table, action));
  for (let attempt = 1; ; attempt++) {
    const token = createHash('sha256')
      .update(`${attempt}:${JSON.stringify(items)}`)
      .digest('base64url');
    try {
      await table.client.send('TransactWriteItems', {
        TransactItems: items as TransactWriteCommandInput['TransactItems'],
        ClientRequestToken: token.slice(0, 36),
      });
      return;
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (reasons === undefined) throw toStorageFailure(error);
      // A condition read while another transaction held one of our items may read differently after it:
      // any conflict is worth another attempt, and only a cancellation without one is the final answer.
      if (!reasons.some((reason) => reason.code === 'TransactionConflict')) {
        throw new TransactionCancelled(reasons, { cause: error });
      }
      if (attempt === TRANSACTION_ATTEMPTS) {
        throw new UnavailableError('The catalog storage is busy: retry in a moment.', {
          retryAfterSeconds: 1,
          cause: error,
        });
      }
      await sleep(TRANSACTION_BACKOFF_MS * 2 ** attempt * Math.random());
    }
  }
}

function withTable(table: Table, action: TransactAction): Record<string, unknown> {
  const [kind, body] = Object.entries(action)[0] as [string, Record<string, unknown>];
  const conditional = body.ConditionExpression !== undefined;
  return {
    [kind]: {
      ...body,
      TableName: table.tableName,
      ...(conditional ? { ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } : {}),
    },
  };
}

function cancellationReasons(error: unknown): CancellationReason[] | undefined {
  if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') return undefined;
  const reasons = (error as { details?: { CancellationReasons?: { Code?: string; Item?: Item }[] } }).details
    ?.CancellationReasons;
  return (reasons ?? []).map((reason) => ({ code: reason.Code ?? 'None', item: reason.Item }));
}

export async function query(
  table: Table,
  input: Omit<QueryCommandInput, Omitted>,
): Promise<Omit<QueryCommandOutput, '$metadata'>> {
  return run(() => table.client.send('Query', { ...input, TableName: table.tableName }));
}

/** DynamoDB's cap on keys per BatchGetItem request. */
const BATCH_GET_MAX_KEYS = 100;
/** DynamoDB's cap on requests per BatchWriteItem call. */
const BATCH_WRITE_MAX = 25;
const UNPROCESSED_ATTEMPTS = 5;
const UNPROCESSED_BACKOFF_MS = 25;

/**
 * Strongly consistent reads of many items: one BatchGetItem per 100 keys, chunks in parallel, unprocessed
 * keys asked for again (untilProcessed).
 */
export async function batchGetItems(table: Table, keys: readonly ItemKey[]): Promise<Item[]> {
  const chunks = chunked(keys, BATCH_GET_MAX_KEYS);
  const pages = await Promise.all(
    chunks.map(async (chunk) => {
      const items: Item[] = [];
      await untilProcessed<Record<string, unknown>>(
        chunk.map((key) => ({ ...key })),
        async (pending) => {
          const output = await run(() =>
            table.client.send('BatchGetItem', {
              RequestItems: { [table.tableName]: { Keys: pending, ConsistentRead: true } },
            }),
          );
          items.push(...(output.Responses?.[table.tableName] ?? []));
          return output.UnprocessedKeys?.[table.tableName]?.Keys ?? [];
        },
      );
      return items;
    }),
  );
  return pages.flat();
}

export type WriteRequest = { put: Item } | { delete: ItemKey };

/**
 * Unconditional puts and deletes in bulk (imports): 25 per BatchWriteItem, chunks in sequence so a caller's
 * own concurrency decides the load; unprocessed requests sent again (untilProcessed). An UnavailableError
 * tells the caller to retry the whole (idempotent) batch.
 */
export async function batchWrite(table: Table, requests: readonly WriteRequest[]): Promise<void> {
  for (const chunk of chunked(requests, BATCH_WRITE_MAX)) {
    await untilProcessed(chunk.map(toWriteRequest), async (pending) => {
      const output = await run(() =>
        table.client.send('BatchWriteItem', { RequestItems: { [table.tableName]: pending } }),
      );
      return (output.UnprocessedItems?.[table.tableName] ?? []) as typeof pending;
    });
  }
}

/**
 * DynamoDB may leave part of a batch unprocessed (throttling, the 16 MB response cap): send what is left
 * again with jittered backoff; still something left after a few attempts means the storage is busy, and the
 * caller gets UnavailableError rather than a silent gap.
 */
async function untilProcessed<T>(first: T[], send: (pending: T[]) => Promise<T[]>): Promise<void> {
  let pending = first;
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt === UNPROCESSED_ATTEMPTS) {
      throw new UnavailableError('The catalog storage is busy: retry in a moment.', { retryAfterSeconds: 1 });
    }
    if (attempt > 0) await sleep(UNPROCESSED_BACKOFF_MS * 2 ** attempt * Math.random());
    pending = await send(pending);
  }
}

function chunked<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

function toWriteRequest(request: WriteRequest) {
  return 'put' in request
    ? { PutRequest: { Item: request.put } }
    : { DeleteRequest: { Key: { ...request.delete } } };
}
