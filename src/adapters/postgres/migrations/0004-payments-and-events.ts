import type { Migration } from './migration.js';

/**
 * Payments, the provider events that moved them (each takes effect once: its id is stored in the same
 * transaction as its change), the order event outbox and the record of emails sent per event.
 */
export const paymentsAndEvents: Migration = {
  id: '0004-payments-and-events',
  sql: `
-- One payment per order: a retried POST /orders/{id}/payment finds it instead of charging twice.
CREATE TABLE payments (
  id text PRIMARY KEY,
  order_id text NOT NULL UNIQUE REFERENCES orders (id),
  provider text NOT NULL CONSTRAINT payments_provider_known CHECK (provider IN ('stripe', 'test')),
  status text NOT NULL
    CONSTRAINT payments_status_known CHECK (status IN ('requires_payment', 'succeeded', 'failed')),
  amount bigint NOT NULL CHECK (amount >= 0),
  currency char(3) NOT NULL,
  client_secret text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE orders
  ADD COLUMN refund_status text CONSTRAINT orders_refund_status_known CHECK (refund_status IN ('pending', 'succeeded', 'failed')),
  ADD COLUMN refund_amount bigint CHECK (refund_amount >= 0),
  ADD COLUMN refund_id text;

-- Webhook and test-provider events already applied: a replay finds its id here and changes nothing.
CREATE TABLE provider_events (
  provider text NOT NULL,
  event_id text NOT NULL,
  type text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (provider, event_id)
);

-- The transactional outbox: every order change writes its event in the change's own transaction.
CREATE TABLE order_events (
  id text PRIMARY KEY,
  position bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  order_id text NOT NULL REFERENCES orders (id),
  sequence integer NOT NULL CHECK (sequence > 0),
  type text NOT NULL,
  occurred_at timestamptz NOT NULL,
  payload json NOT NULL,
  published_at timestamptz,
  UNIQUE (order_id, sequence)
);
-- What the relay still has to publish, oldest first.
CREATE INDEX order_events_unpublished ON order_events (position) WHERE published_at IS NULL;
CREATE INDEX order_events_by_type ON order_events (type, position);

-- Emails sent, by the event that caused them: a redelivered event sends nothing twice.
CREATE TABLE email_deliveries (
  event_id text PRIMARY KEY,
  kind text NOT NULL,
  recipient text NOT NULL,
  sent_at timestamptz NOT NULL DEFAULT now()
);
`,
};
