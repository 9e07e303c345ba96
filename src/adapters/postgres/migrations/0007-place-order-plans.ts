import type { Migration } from './migration.js';

/**
 * The same checkout, without planning it on every order. PostgreSQL plans a SQL-language function's
 * statement on every call, and plans a PL/pgSQL statement whose parameters are arrays afresh each time
 * too, because its plan for any array (a hash join over the whole inventory) looks dearer than the one for
 * the array it has. Planning was a third of `place_order`'s time (~0.13 ms for `checkout_settings`,
 * ~0.12 ms for the stock statements, per one-line order), more than its writes. So:
 *
 * - `checkout_settings` becomes PL/pgSQL, whose statements keep their plans for the session;
 * - `place_order` runs with `plan_cache_mode = force_generic_plan`, and its stock statements are written
 *   so that the plan for any order is the index lookups it needs: the stock judged by one primary-key
 *   lookup per line, the decrement limited to `product_id = ANY (product_ids)`.
 *
 * Behaviour, locks and lock order are those of 0006, whose text this repeats: a migration applied
 * anywhere is never edited. `CREATE OR REPLACE` keeps each function's signature, so a running older
 * release calls the new body.
 */
export const placeOrderPlans: Migration = {
  id: '0007-place-order-plans',
  sql: `
CREATE OR REPLACE FUNCTION checkout_settings(tax_country text, shipping_method_id text, discount_code text)
RETURNS jsonb LANGUAGE plpgsql STABLE AS $fn$
BEGIN
  RETURN (SELECT jsonb_build_object(
    'tax_rates', (SELECT to_jsonb(t) FROM (
       SELECT country, standard, reduced, zero, updated_at FROM tax_rates WHERE country = tax_country) t),
    'shipping_method', (SELECT to_jsonb(s) FROM (
       SELECT id, name, countries, price_amount, currency, free_above_amount, tax_class, active, created_at,
         updated_at
       FROM shipping_methods WHERE id = shipping_method_id) s),
    'discount', (SELECT to_jsonb(d) FROM (
       SELECT code, type, percent_off, amount, currency, min_subtotal_amount, min_subtotal_currency,
         max_redemptions, redemptions, starts_at, ends_at, active, created_at, updated_at
       FROM discount_codes WHERE code = discount_code) d)));
END
$fn$;

CREATE OR REPLACE FUNCTION place_order(request jsonb, priced_with jsonb, outcome json, event_payload json)
RETURNS json LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $fn$
DECLARE
  requester constant text := request->>'requester';
  request_key constant text := request->>'key';
  product_ids constant text[] := ARRAY(SELECT jsonb_array_elements_text(request->'productIds'));
  quantities constant int[] := ARRAY(SELECT jsonb_array_elements_text(request->'quantities')::int);
  discount constant text := request->>'discountCode';
  new_order_id constant text := request->'order'->>'id';
  earlier record;
  short json;
  settings jsonb;
BEGIN
  -- 1. The key, held until commit by a transaction-level advisory lock on its hash (a concurrent duplicate
  -- waits here until the first commits, then finds its row); the row itself is written once, at the end,
  -- with its outcome. A collision of two keys' hashes only makes them wait for each other.
  PERFORM pg_advisory_xact_lock(hashtextextended(requester || ' ' || request_key, 0));
  SELECT r.fingerprint, r.outcome INTO earlier
  FROM order_requests r WHERE r.customer_id = requester AND r.idempotency_key = request_key;
  IF FOUND THEN
    IF earlier.fingerprint IS DISTINCT FROM request->>'fingerprint' THEN
      RETURN json_build_object('kind', 'key_reused');
    END IF;
    RETURN json_build_object('kind', 'replayed', 'outcome', earlier.outcome);
  END IF;

  -- 2. The stock: a plain read first, so a stampede on a sold-out product is answered without queueing
  -- behind the lock holders; then the rows locked in product-id order (no deadlock between A+B and B+A)
  -- and judged again.
  FOR pass IN 1..2 LOOP
    IF pass = 2 THEN
      PERFORM 1 FROM inventory WHERE product_id = ANY (product_ids) ORDER BY product_id FOR UPDATE;
    END IF;
    SELECT json_agg(json_build_object('productId', w.product_id, 'requested', w.quantity,
             'available', s.available) ORDER BY w.line_no)
      INTO short
    FROM unnest(product_ids, quantities) WITH ORDINALITY AS w (product_id, quantity, line_no)
    CROSS JOIN LATERAL (SELECT coalesce(
      (SELECT i.available FROM inventory i WHERE i.product_id = w.product_id), 0) AS available) s
    WHERE s.available < w.quantity;
    IF short IS NOT NULL THEN
      short := CASE WHEN request ? 'requestId'
        THEN json_build_object('kind', 'insufficient_stock', 'products', short, 'requestId', request->>'requestId')
        ELSE json_build_object('kind', 'insufficient_stock', 'products', short) END;
      INSERT INTO order_requests (customer_id, idempotency_key, fingerprint, outcome)
      VALUES (requester, request_key, request->>'fingerprint', short);
      RETURN short;
    END IF;
  END LOOP;

  -- 3. The settings the order was priced with, confirmed with the code's row locked (after the stock rows,
  -- as cancellations lock them too). Only the code's redemption count may differ: it is judged here.
  IF discount IS NOT NULL THEN
    PERFORM 1 FROM discount_codes WHERE code = discount FOR UPDATE;
  END IF;
  settings := checkout_settings(request->>'taxCountry', request->>'shippingMethodId', discount);
  IF settings #- '{discount,redemptions}' #- '{discount,updated_at}'
     IS DISTINCT FROM priced_with #- '{discount,redemptions}' #- '{discount,updated_at}' THEN
    RAISE EXCEPTION 'the checkout settings changed while the order was priced' USING ERRCODE = 'SL001';
  END IF;
  IF (settings->'discount'->>'redemptions')::int >= (settings->'discount'->>'max_redemptions')::int THEN
    RAISE EXCEPTION 'discount code % is used up', discount USING ERRCODE = 'SL002';
  END IF;

  -- 4. Everything else, the rows above being locked by this transaction.
  UPDATE inventory AS stock SET available = stock.available - w.quantity, updated_at = now()
  FROM unnest(product_ids, quantities) AS w (product_id, quantity)
  WHERE stock.product_id = w.product_id AND stock.product_id = ANY (product_ids);
  INSERT INTO orders (id, customer_id, status, total_amount, currency, created_at, updated_at,
    access_token_hash, email, shipping_address, billing_address, shipping_method_id, shipping_name,
    shipping_amount, shipping_tax_rate, shipping_tax_amount, discount_code, discount_amount, subtotal_amount,
    tax_amount)
  SELECT id, customer_id, status, total_amount, currency, created_at, updated_at, access_token_hash, email,
    shipping_address, billing_address, shipping_method_id, shipping_name, shipping_amount, shipping_tax_rate,
    shipping_tax_amount, discount_code, discount_amount, subtotal_amount, tax_amount
  FROM jsonb_populate_record(NULL::orders, request->'order');
  INSERT INTO order_lines (order_id, line_no, product_id, sku, name, quantity, unit_amount, currency,
    tax_class, tax_rate, tax_amount, discount_amount)
  SELECT new_order_id, line_no, product_id, sku, name, quantity, unit_amount, currency, tax_class,
    tax_rate, tax_amount, discount_amount
  FROM jsonb_populate_recordset(NULL::order_lines, request->'lines');
  IF discount IS NOT NULL THEN
    UPDATE discount_codes SET redemptions = redemptions + 1, updated_at = now() WHERE code = discount;
  END IF;
  INSERT INTO order_events (id, order_id, sequence, type, occurred_at, payload)
  VALUES (request->>'eventId', new_order_id, 1, 'order.placed',
    (request->'order'->>'created_at')::timestamptz, event_payload);
  INSERT INTO order_requests (customer_id, idempotency_key, fingerprint, outcome, order_id)
  VALUES (requester, request_key, request->>'fingerprint', place_order.outcome, new_order_id);
  RETURN json_build_object('kind', 'placed');
END
$fn$;
`,
};
