import type { Migration } from './migration.js';

/**
 * What checkout adds to an order: guests (no customer, an access-token hash instead), the contact and
 * addresses, shipping, the discount and tax, as snapshots. Orders placed before keep their meaning: no
 * discount, shipping or tax recorded, their subtotal is their total (COALESCE when read).
 */
export const orderCheckout: Migration = {
  id: '0003-order-checkout',
  sql: `
ALTER TABLE orders
  ALTER COLUMN customer_id DROP NOT NULL,
  ADD COLUMN access_token_hash text,
  ADD COLUMN email text,
  ADD COLUMN shipping_address jsonb,
  ADD COLUMN billing_address jsonb,
  ADD COLUMN shipping_method_id text,
  ADD COLUMN shipping_name text,
  ADD COLUMN shipping_amount bigint CHECK (shipping_amount >= 0),
  ADD COLUMN shipping_tax_rate numeric(5,2),
  ADD COLUMN shipping_tax_amount bigint,
  ADD COLUMN discount_code text,
  ADD COLUMN discount_amount bigint NOT NULL DEFAULT 0 CHECK (discount_amount >= 0),
  ADD COLUMN subtotal_amount bigint CHECK (subtotal_amount >= 0),
  ADD COLUMN tax_amount bigint NOT NULL DEFAULT 0 CHECK (tax_amount >= 0),
  -- An order belongs to a customer or, as a guest's, opens with its token: never neither.
  ADD CONSTRAINT orders_owner_or_token CHECK (customer_id IS NOT NULL OR access_token_hash IS NOT NULL);

ALTER TABLE order_lines
  ADD COLUMN tax_class text NOT NULL DEFAULT 'standard',
  ADD COLUMN tax_rate numeric(5,2) NOT NULL DEFAULT 0,
  ADD COLUMN tax_amount bigint NOT NULL DEFAULT 0 CHECK (tax_amount >= 0),
  ADD COLUMN discount_amount bigint NOT NULL DEFAULT 0 CHECK (discount_amount >= 0);

-- Cancellations give redemptions back by code; a deleted code simply gets nothing back.
CREATE INDEX orders_by_discount_code ON orders (discount_code) WHERE discount_code IS NOT NULL;
`,
};
