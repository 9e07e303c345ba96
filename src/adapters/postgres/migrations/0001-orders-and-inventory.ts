import type { Migration } from './migration.js';

/**
 * Orders and inventory. Money is integer minor units (bigint); every rule the placement relies on is also a
 * constraint, so a bug in the code cannot oversell or store a negative quantity. The CHECK constraints on
 * stock are named: the adapter maps their violations to client-readable conflicts.
 */
export const ordersAndInventory: Migration = {
  id: '0001-orders-and-inventory',
  sql: `
CREATE TABLE inventory (
  product_id text PRIMARY KEY,
  available integer NOT NULL
    CONSTRAINT inventory_available_not_negative CHECK (available >= 0)
    CONSTRAINT inventory_available_at_most_max CHECK (available <= 1000000000),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Manual stock changes (set and adjust), for audit. Reservations and releases are the order lines.
CREATE TABLE inventory_adjustments (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  product_id text NOT NULL,
  delta integer NOT NULL,
  available_after integer NOT NULL,
  reason text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX inventory_adjustments_by_product ON inventory_adjustments (product_id, id);

CREATE TABLE orders (
  id text PRIMARY KEY,
  customer_id text NOT NULL,
  status text NOT NULL
    CONSTRAINT orders_status_known CHECK (status IN ('placed', 'paid', 'shipped', 'delivered', 'cancelled')),
  total_amount bigint NOT NULL CHECK (total_amount >= 0),
  currency char(3) NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
-- Keyset pagination, newest first: one customer's orders, and everyone's (admins, sales reports by range).
CREATE INDEX orders_by_customer_newest ON orders (customer_id, created_at DESC, id DESC);
CREATE INDEX orders_newest ON orders (created_at DESC, id DESC);

CREATE TABLE order_lines (
  order_id text NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  line_no smallint NOT NULL,
  product_id text NOT NULL,
  sku text NOT NULL,
  name text NOT NULL,
  quantity integer NOT NULL CHECK (quantity > 0),
  unit_amount bigint NOT NULL CHECK (unit_amount >= 0),
  currency char(3) NOT NULL,
  PRIMARY KEY (order_id, line_no),
  UNIQUE (order_id, product_id)
);

-- Idempotency keys of POST /orders, written in the placement's own transaction: a key exists iff its
-- outcome does. A concurrent duplicate waits on the primary key until the first commits.
CREATE TABLE order_requests (
  customer_id text NOT NULL,
  idempotency_key text NOT NULL,
  fingerprint text NOT NULL,
  outcome json, -- json, not jsonb: a replay returns the stored body with its keys in their original order
  order_id text REFERENCES orders (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (customer_id, idempotency_key)
);
-- For purging old keys.
CREATE INDEX order_requests_by_age ON order_requests (created_at);
`,
};
