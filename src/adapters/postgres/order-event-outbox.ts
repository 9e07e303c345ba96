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
 * The sequence of order `e`'s first unpublished event (NULL when it has none). The condition sits in the
 * aggregate's FILTER, not in a WHERE, on purpose: a WHERE saying `published_at IS NULL` lets the planner
 * combine the order's index with `order_events_unpublished`, and that index, ordered by position, also
 * holds an entry for every event published since the table was last vacuumed, which it then reads whole.
 */
const FIRST_UNPUBLISHED = `SELECT min(h.sequence) FILTER (WHERE h.published_at IS NULL)
  FROM order_events h WHERE h.order_id = e.order_id`;

/** A sweep's heads: the oldest orders with unpublished events, found through the index of those events. */
const OLDEST_HEADS = `SELECT e.order_id FROM order_events e
  WHERE e.published_at IS NULL
    AND NOT EXISTS (
      SELECT 1 FROM order_events earlier
      WHERE earlier.order_id = e.order_id AND earlier.published_at IS NULL AND earlier.sequence < e.sequence)
  ORDER BY e.position
  LIMIT $1
  FOR UPDATE OF e SKIP LOCKED`;

/**
 * A kick's heads: the named orders' own, found through their rows (order_id, sequence). A kick per order
 * change made the sweep's walk of the unpublished index (see FIRST_UNPUBLISHED) the relay's largest cost.
 */
const NAMED_HEADS = `SELECT e.order_id FROM order_events e
  WHERE e.order_id = ANY($1::text[]) AND e.sequence = (${FIRST_UNPUBLISHED})
  ORDER BY e.position
  FOR UPDATE OF e SKIP LOCKED`;

/**
 * Per-order order across concurrent relays hangs on one rule: whoever publishes an order's events holds
 * the row lock of its oldest unpublished event (its head). The first statement locks heads with SKIP
 * LOCKED, so relays share the work by order and never wait for each other; an event behind a head is
 * never a head itself while the head is unpublished, so no second relay can start on an order mid-way.
 * The second statement takes the rest of those orders' events, including any committed since: they are
 * only ever locked by the holder of their head. An order's published events are always a prefix of its
 * sequence (only prefixes are marked), so its unpublished events are those from its head on.
 */
async function relayPass(
  pool: pg.Pool,
  limit: number,
  publish: (events: readonly OrderEvent[]) => Promise<readonly string[]>,
  named: readonly string[] | undefined,
): Promise<RelayPass> {
  return withTransaction(pool, async (client) => {
    const heads = await client.query<{ order_id: string }>(
      named === undefined ? OLDEST_HEADS : NAMED_HEADS,
      named === undefined ? [limit] : [named.slice(0, limit)],
    );
    if (heads.rows.length === 0) return { orders: 0, published: 0 };
    const orderIds = heads.rows.map((row) => row.order_id);
    const { rows } = await client.query<EventRow>(
      `SELECT ${COLUMNS} FROM order_events e
       WHERE e.order_id = ANY($1::text[]) AND e.sequence >= (${FIRST_UNPUBLISHED})
       ORDER BY e.position
       FOR UPDATE`,
      [orderIds],
    );
    const published = await publish(inRelayOrder(rows, orderIds).map(toEvent));
    if (published.length > 0) {
      await client.query('UPDATE order_events SET published_at = now() WHERE id = ANY($1::text[])', [
        published,
      ]);
    }
    return { orders: orderIds.length, published: published.length };
  });
}

/** Orders in the order their heads were found (oldest first), each order's events by sequence. */
function inRelayOrder(rows: EventRow[], orderIds: string[]): EventRow[] {
  const rank = new Map(orderIds.map((id, index) => [id, index]));
  return rows.sort(
    (a, b) => (rank.get(a.order_id) ?? 0) - (rank.get(b.order_id) ?? 0) || a.sequence - b.sequence,
  );
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
