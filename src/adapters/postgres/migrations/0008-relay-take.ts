import type { Migration } from './migration.js';

/**
 * A relay pass's locking reads as one function call. As two statements sent from the client they were
 * parsed and planned on every pass (named prepared statements would keep the plans, but they are session
 * state, which makes RDS Proxy pin the connection), and the pass's COMMIT waited for its WAL to reach the
 * disk. Together that was about twice PostgreSQL's CPU per pass of one order (bench/relay-pass.mjs), which
 * is every order's pass on Lambda.
 *
 * `relay_take(named, max_orders)` locks the heads (each order's oldest unpublished event) of the named
 * orders, or with `named` NULL of the oldest orders, skipping those another relay holds, then locks and
 * returns those orders' events from their head on, orders in the order their heads were found, each order
 * by sequence: the queries the relay sent as two statements before, under the locking rules explained where
 * it calls this (`src/adapters/postgres/order-event-outbox.ts`).
 *
 * It also makes the calling transaction commit without waiting for its WAL flush (`synchronous_commit`
 * off, local to that transaction; orders and every other transaction stay durable). What such a commit can
 * lose in a database crash is the mark "published": those events are then published again, which the
 * relay's at-least-once contract already allows for a crash between publishing and committing. The WAL is
 * a prefix, so a later durable commit never survives without the marks before it.
 */
export const relayTake: Migration = {
  id: '0008-relay-take',
  sql: `
CREATE FUNCTION relay_take(named text[], max_orders integer)
RETURNS SETOF order_events LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $fn$
DECLARE
  heads text[];
BEGIN
  PERFORM set_config('synchronous_commit', 'off', true);
  IF named IS NULL THEN
    SELECT array_agg(h.order_id ORDER BY h.position) INTO heads FROM (
      SELECT e.order_id, e.position FROM order_events e
      WHERE e.published_at IS NULL
        AND NOT EXISTS (
          SELECT 1 FROM order_events earlier
          WHERE earlier.order_id = e.order_id AND earlier.published_at IS NULL AND earlier.sequence < e.sequence)
      ORDER BY e.position
      LIMIT max_orders
      FOR UPDATE OF e SKIP LOCKED) h;
  ELSE
    -- Each order's first unpublished sequence sits in the aggregate's FILTER, not in a WHERE, on purpose: a
    -- WHERE saying published_at IS NULL lets the planner combine the order's index with the unpublished
    -- index, which also holds an entry for every event published since the last vacuum, and read it whole.
    SELECT array_agg(h.order_id ORDER BY h.position) INTO heads FROM (
      SELECT e.order_id, e.position FROM order_events e
      WHERE e.order_id = ANY (named[1:max_orders])
        AND e.sequence = (
          SELECT min(f.sequence) FILTER (WHERE f.published_at IS NULL)
          FROM order_events f WHERE f.order_id = e.order_id)
      ORDER BY e.position
      FOR UPDATE OF e SKIP LOCKED) h;
  END IF;
  IF heads IS NULL THEN
    RETURN;
  END IF;
  -- A statement of its own, so a snapshot of its own: it also takes the events committed since the heads.
  RETURN QUERY
    SELECT e.* FROM order_events e
    WHERE e.order_id = ANY (heads)
      AND e.sequence >= (
        SELECT min(f.sequence) FILTER (WHERE f.published_at IS NULL)
        FROM order_events f WHERE f.order_id = e.order_id)
    ORDER BY array_position(heads, e.order_id), e.sequence
    FOR UPDATE OF e;
END
$fn$;
`,
};
