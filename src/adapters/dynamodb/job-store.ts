import type { JobProgressValue, JobRecord, ShardResult } from '../../app/jobs/job-record.js';
import type { JobStore } from '../../app/ports/job-store.js';
import { decodeCursor, pageFrom } from '../shared/list-cursor.js';
import {
  ConditionFailed,
  conditionHeld,
  getItem,
  type Item,
  putItem,
  query,
  type Table,
  updateItem,
} from './table.js';
import { INDEX_NAMES } from './table-schema.js';

export const jobKey = (id: string) => ({ pk: `JOB#${id}`, sk: 'JOB' });

/**
 * GET /jobs is a Query of one partition of the overloaded byStatusCreated index: every job sits under
 * `statusKey = JOB`, ordered by `createdKey = <createdAt>#<id>` (product partitions are `PRODUCT#<status>`).
 */
const JOBS_PARTITION = 'JOB';
const createdKey = (record: { createdAt: string; id: string }) => `${record.createdAt}#${record.id}`;
/** Job lists have no filters: one fixed fingerprint keeps product or order cursors out. */
const LIST_FINGERPRINT = 'jobs';

/** Progress is shown to people polling every few seconds: one write a second per shard is plenty. */
export const PROGRESS_INTERVAL_MS = 1_000;

const NAMES = {
  '#status': 'status',
  '#startedAt': 'startedAt',
  '#heartbeatAt': 'heartbeatAt',
  '#finishedAt': 'finishedAt',
  '#shardProgress': 'shardProgress',
  '#shardResults': 'shardResults',
  '#summary': 'summary',
  '#error': 'error',
};
const pick = (...names: (keyof typeof NAMES)[]) => Object.fromEntries(names.map((n) => [n, NAMES[n]]));

/**
 * Job records in the catalog table under `JOB#<id>`. Shards write their progress and results into maps keyed
 * by shard index, so the shards of an array job never overwrite each other.
 */
export function createDynamoJobStore(table: Table): JobStore {
  const lastProgressAt = new Map<string, number>();
  const nowMs = () => table.clock.now().getTime();

  const get = async (id: string) => {
    const item = await getItem(table, jobKey(id));
    return item === undefined ? undefined : toRecord(item);
  };

  return {
    async create(record) {
      await putItem(table, {
        Item: { ...jobKey(record.id), statusKey: JOBS_PARTITION, createdKey: createdKey(record), ...record },
        ConditionExpression: 'attribute_not_exists(pk)',
      });
    },

    get,

    async list({ limit, cursor }) {
      const after = decodeCursor(cursor, LIST_FINGERPRINT);
      const output = await query(table, {
        IndexName: INDEX_NAMES.byStatusCreated,
        KeyConditionExpression: `statusKey = :jobs${after === undefined ? '' : ' AND createdKey < :after'}`,
        ExpressionAttributeValues: {
          ':jobs': JOBS_PARTITION,
          ...(after === undefined ? {} : { ':after': after }),
        },
        ScanIndexForward: false,
        // One more than asked: it only proves there is a next page.
        Limit: limit + 1,
      });
      const entries = (output.Items ?? []).map((item) => ({
        key: String(item.createdKey),
        item: toRecord(item),
      }));
      return pageFrom(entries, limit, LIST_FINGERPRINT);
    },

    async markRunning(id, startedAt) {
      try {
        const item = await updateItem(table, {
          Key: jobKey(id),
          UpdateExpression:
            'SET #status = :running, #startedAt = if_not_exists(#startedAt, :now), #heartbeatAt = :now',
          ConditionExpression: 'attribute_exists(pk) AND #status IN (:queued, :running)',
          ExpressionAttributeNames: pick('#status', '#startedAt', '#heartbeatAt'),
          ExpressionAttributeValues: { ':running': 'running', ':queued': 'queued', ':now': startedAt },
        });
        return item === undefined ? undefined : toRecord(item);
      } catch (error) {
        if (error instanceof ConditionFailed) return undefined;
        throw error;
      }
    },

    async reportProgress(id, shard, progress) {
      const key = `${id}#${shard}`;
      const now = nowMs();
      if (now - (lastProgressAt.get(key) ?? Number.NEGATIVE_INFINITY) < PROGRESS_INTERVAL_MS) return;
      lastProgressAt.set(key, now);
      // A job finished meanwhile (another shard failed it, or it was abandoned): its record stays as it is.
      await conditionHeld(() =>
        updateItem(table, {
          Key: jobKey(id),
          UpdateExpression: 'SET #shardProgress.#shard = :progress, #heartbeatAt = :now',
          ConditionExpression: '#status = :running',
          ExpressionAttributeNames: { ...pick('#status', '#shardProgress', '#heartbeatAt'), '#shard': shard },
          ExpressionAttributeValues: {
            ':progress': progress,
            ':running': 'running',
            ':now': new Date(now).toISOString(),
          },
        }),
      );
    },

    async recordShardResult(id, shard, result, progress) {
      lastProgressAt.delete(`${id}#${shard}`);
      try {
        const item = await updateItem(table, {
          Key: jobKey(id),
          UpdateExpression: `SET #shardResults.#shard = :result${progress ? ', #shardProgress.#shard = :progress' : ''}`,
          ConditionExpression: '#status = :running AND attribute_not_exists(#shardResults.#shard)',
          ExpressionAttributeNames: {
            ...pick('#status', '#shardResults', ...(progress ? (['#shardProgress'] as const) : [])),
            '#shard': shard,
          },
          ExpressionAttributeValues: {
            ':result': result satisfies ShardResult,
            ':running': 'running',
            ...(progress ? { ':progress': progress satisfies JobProgressValue } : {}),
          },
        });
        return item === undefined ? undefined : toRecord(item);
      } catch (error) {
        if (!(error instanceof ConditionFailed)) throw error;
        // A second delivery of the same shard: the record as it stands (still running if finishing was lost).
        const record = await get(id);
        return record?.status === 'running' ? record : undefined;
      }
    },

    async finish(id, outcome) {
      const { status, finishedAt, summary, error } = outcome;
      return conditionHeld(() =>
        updateItem(table, {
          Key: jobKey(id),
          UpdateExpression: `SET #status = :status, #finishedAt = :finishedAt${summary ? ', #summary = :summary' : ''}${error ? ', #error = :error' : ''}`,
          ConditionExpression: '#status IN (:queued, :running)',
          ExpressionAttributeNames: pick(
            '#status',
            '#finishedAt',
            ...(summary ? (['#summary'] as const) : []),
            ...(error ? (['#error'] as const) : []),
          ),
          ExpressionAttributeValues: {
            ':status': status,
            ':finishedAt': finishedAt,
            ':queued': 'queued',
            ':running': 'running',
            ...(summary ? { ':summary': summary } : {}),
            ...(error ? { ':error': error } : {}),
          },
        }),
      );
    },
  };
}

function toRecord(item: Item): JobRecord {
  const {
    pk: _pk,
    sk: _sk,
    statusKey: _statusKey,
    createdKey: _createdKey,
    writeToken: _token,
    ...record
  } = item;
  return record as unknown as JobRecord;
}
