import type { IdempotencyStore } from '../../app/ports/idempotency-store.js';
import {
  claimOutcome,
  type IdempotencyRecord,
  isReplaceable,
  newClaimRecord,
} from '../shared/idempotency-record.js';
import { idempotencyKey } from './keys.js';
import {
  ConditionFailed,
  conditionHeld,
  deleteIfStill,
  getItem,
  putItem,
  type TableOptions,
  tableFrom,
  updateItem,
} from './table.js';

const MAX_ATTEMPTS = 3;

/**
 * Idempotency records in the catalog table. A claim is one conditional put that succeeds only when no live
 * record holds the key, so two concurrent requests with the same key can never both run. Expired records
 * are replaced in that same put: TTL deletes them only eventually (within days).
 */
export function createDynamoIdempotencyStore(options: TableOptions): IdempotencyStore {
  const table = tableFrom(options);
  const nowMs = () => table.clock.now().getTime();

  return {
    async claim(key, fingerprint, claimOptions) {
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        const now = nowMs();
        try {
          await putItem(table, {
            Item: { ...idempotencyKey(key), ...newClaimRecord(fingerprint, now, claimOptions) },
            ConditionExpression:
              'attribute_not_exists(pk) OR #expiresAt <= :nowSeconds OR (#state = :inProgress AND #lockedUntil <= :now)',
            ExpressionAttributeNames: {
              '#expiresAt': 'expiresAt',
              '#state': 'state',
              '#lockedUntil': 'lockedUntil',
            },
            ExpressionAttributeValues: {
              ':nowSeconds': Math.floor(now / 1000),
              ':inProgress': 'in_progress',
              ':now': now,
            },
          });
          return { state: 'claimed' };
        } catch (error) {
          if (!(error instanceof ConditionFailed)) throw error;
        }
        const record = (await getItem(table, idempotencyKey(key))) as IdempotencyRecord | undefined;
        // Gone or expired between our put and our read: the key is free again, so claim once more.
        if (record !== undefined && !isReplaceable(record, nowMs())) return claimOutcome(record, fingerprint);
      }
      return { state: 'in_progress' };
    },

    async complete(key, response) {
      // When the condition fails the record expired meanwhile: nothing to complete, a retry runs again.
      await conditionHeld(() =>
        updateItem(table, {
          Key: idempotencyKey(key),
          UpdateExpression: 'SET #state = :completed, #response = :response',
          ConditionExpression: 'attribute_exists(pk) AND #expiresAt > :nowSeconds',
          ExpressionAttributeNames: { '#state': 'state', '#response': 'response', '#expiresAt': 'expiresAt' },
          ExpressionAttributeValues: {
            ':completed': 'completed',
            ':response': response,
            ':nowSeconds': Math.floor(nowMs() / 1000),
          },
        }),
      );
    },

    async release(key) {
      // Never forget a completed record: its response was already sent.
      await deleteIfStill(table, idempotencyKey(key), {
        ConditionExpression: '#state = :inProgress',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':inProgress': 'in_progress' },
      });
    },
  };
}
