import type pg from 'pg';
import type { OrderEventOutbox, OrderEventQuery, RelayPass } from '../../app/ports/order-events.js';
import type { OrderEvent, OrderEventType } from '../../domain/ordering/order-event.js';
import { ValidationError } from '../../domain/shared/errors.js';
import type { Page } from '../../domain/shared/page.js';
import { decodeCursor, pageFrom } from '../shared/list-cursor.js';
import { translatingErrors } from './errors.js';
import { withTransaction } from './transaction.js';

interface EventRow {
  id: string;
  position: string;
  order_id: string;
  sequence: number;
  type: OrderEventType;
  occurred_at: Date;
  payload: OrderEvent['order'];
}

const COLUMNS = 'id, position::text AS position, order_id, sequence, type, occurred_at, payload';

/** A position cursor is good for any filter: "after position P" means the same in each list. */
const CURSOR_SCOPE = 'order-events';

/**
 * The transactional outbox in `order_events` (written by the order store in each change's transaction):
 * relay passes that lock what they publish, and the list behind GET /events.
 */
export function createPostgresOrderEventOutbox(pool: pg.Pool): OrderEventOutbox {
  return {
    async relay(limit, publish, orderIds) {
      // The publisher's own failure leaves as it was thrown; only the database's are translated.
      let failed: { error: unknown } | undefined;
      const guarded = async (events: readonly OrderEvent[]) => {
        try {
          return await publish(events);
        } catch (error) {
          failed = { error };
          throw error;
        }
      };
      try {
        return await translatingErrors(() => relayPass(pool, limit, guarded, orderIds));
      } catch (error) {
        throw failed === undefined ? error : failed.error;
      }
    },
    list: (query) => translatingErrors(() => listEvents(pool, query)),
  };
}

/**
 * Per-order order across concurrent relays hangs on one rule: whoever publishes an order's events holds
 * the row lock of its oldest unpublished event (its head). `relay_take` (migration 0008) first locks heads
 * with SKIP LOCKED, so relays share the work by order and never wait for each other; an event behind a head
 * is never a head itself while the head is unpublished, so no second relay can start on an order mid-way.
 * It then locks and returns the rest of those orders' events, including any committed since: they are only
 * ever locked by the holder of their head. An order's published events are always a prefix of its
 * sequence (only prefixes are marked), so its unpublished events are those from its head on.
 *
 * A kick names its orders, whose heads are found through their own rows (`order_id`, `sequence`); a
 * sweep (no names) takes the oldest orders with unpublished events, through the index of those events.
 * That index, ordered by position, also holds an entry for every event published since the table was last
 * vacuumed, which a walk reads whole: a walk per order change was the relay's largest cost, hence names.
 */
async function relayPass(
  pool: pg.Pool,
  limit: number,
  publish: (events: readonly OrderEvent[]) => Promise<readonly string[]>,
  named: readonly string[] | undefined,
): Promise<RelayPass> {
  return withTransaction(pool, async (client) => {
    const { rows } = await client.query<EventRow>(
      `SELECT ${COLUMNS} FROM relay_take($1::text[], $2::integer)`,
      [named ?? null, limit],
    );
    if (rows.length === 0) return { orders: 0, published: 0 };
    const published = await publish(rows.map(toEvent));
    if (published.length > 0) {
      await client.query('UPDATE order_events SET published_at = now() WHERE id = ANY($1::text[])', [
        published,
      ]);
    }
    // Every order taken has at least its head among the rows.
    return { orders: new Set(rows.map((row) => row.order_id)).size, published: published.length };
  });
}

/** Position order, which is commit order only roughly: a late commit can land behind a cursor already passed. */
async function listEvents(pool: pg.Pool, query: OrderEventQuery): Promise<Page<OrderEvent>> {
  const after = afterPosition(query.after);
  const values: unknown[] = [after ?? '0'];
  let filter = '';
  if (query.type !== undefined) {
    values.push(query.type);
    filter = ` AND type = $${values.length}`;
  }
  values.push(query.limit + 1);
  const { rows } = await pool.query<EventRow>(
    `SELECT ${COLUMNS} FROM order_events WHERE position > $1::bigint${filter}
     ORDER BY position LIMIT $${values.length}`,
    values,
  );
  return pageFrom(
    rows.map((row) => ({ key: row.position, item: toEvent(row) })),
    query.limit,
    CURSOR_SCOPE,
  );
}

function afterPosition(cursor: string | undefined): string | undefined {
  let key: string | undefined;
  try {
    key = decodeCursor(cursor, CURSOR_SCOPE);
  } catch {
    key = '';
  }
  if (key === undefined) return undefined;
  if (!/^\d{1,18}$/.test(key)) {
    throw new ValidationError('The cursor is not valid for this query.', [
      { path: 'after', message: 'is not a cursor returned by GET /events' },
    ]);
  }
  return key;
}

function toEvent(row: EventRow): OrderEvent {
  return {
    id: row.id,
    type: row.type,
    occurredAt: row.occurred_at.toISOString(),
    orderId: row.order_id,
    sequence: row.sequence,
    order: row.payload,
  };
}
