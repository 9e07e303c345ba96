// The TypeScript half of bench/orders.mjs (loaded with tsx's tsImport): a JWKS for
// the server to verify customer tokens with, and the direct baselines of POST /orders (one line for a
// customer; a guest's full checkout of a cart with shipping, tax and a discount code).

import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { exportJWK } from 'jose';
import pg from 'pg';
import { loadOrCreateLocalSigningKey, signLocalToken } from '../../src/adapters/auth/local-signing-key.js';
import { eventSnapshot } from '../../src/adapters/postgres/order-events.js';
import { createPostgresOrderStore } from '../../src/adapters/postgres/order-store.js';
import { createPostgresPool } from '../../src/adapters/postgres/pool.js';
import {
  linesToPrice,
  orderFrom,
  planCheckout,
  priceWithSettings,
  type RequestedLine,
} from '../../src/app/ordering/checkout.js';
import { requestFingerprint } from '../../src/app/ordering/request-fingerprint.js';
import type { CheckoutSettings, PlacementOutcome } from '../../src/app/ports/order-store.js';
import type { Role } from '../../src/app/ports/token-verifier.js';
import { CHECKOUT_DEFAULTS } from '../../src/config/config.js';
import type { Product } from '../../src/domain/catalog/product.js';
import { type Order, type PlaceOrderInput, placeOrderInputSchema } from '../../src/domain/ordering/order.js';
import { newId } from '../../src/domain/shared/ids.js';

export interface TokenIssuer {
  jwksUrl: string;
  issuer: string;
  sign(sub: string, roles: Role[]): Promise<string>;
  close(): Promise<void>;
}

/**
 * The container server verifies tokens against a JWKS, as in production: this serves the public half of the
 * local signing key (under `dataDir`) on loopback. jose fetches it once and caches it, so serving it from
 * the bench process costs the measurement nothing.
 */
export async function startTokenIssuer(dataDir: string): Promise<TokenIssuer> {
  const key = await loadOrCreateLocalSigningKey(dataDir);
  const jwks = JSON.stringify({
    keys: [{ ...(await exportJWK(key.publicKey)), kid: key.kid, alg: 'ES256', use: 'sig' }],
  });
  const server: Server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' }).end(jwks);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    jwksUrl: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    issuer: key.issuer,
    sign: (sub, roles) => signLocalToken(key, { sub, roles, email: `${sub}@example.com`, expiresIn: '2h' }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export interface DirectPlacer {
  /**
   * The adapter's placement transaction, as the API runs it, minus HTTP, auth and the catalog read.
   * Resolves to the placed order's id.
   */
  viaStore(customerId: string, product: Product): Promise<string>;
  /**
   * A hand-written floor: one autocommit statement that decrements the stock row and inserts the order and
   * its line. No idempotency record, no stock check before writing: what the bare database work costs.
   */
  viaRawSql(customerId: string, product: Product): Promise<void>;
  /**
   * A second floor, "raw SQL, same rows": ONE autocommit statement (data-modifying CTEs) writing the rows
   * the store writes for the same order, priced by the same helpers with the same settings: the stock
   * decremented where `available >= quantity`, the `orders` row with every column place_order fills, the
   * `order_lines` row, the `order_requests` row with the placed outcome, the `order.placed` event with its
   * payload. Without the function's advisory lock, key lookup, two-pass stock judgement, settings
   * confirmation and JSON unpacking: the store against it is the store's own overhead over the same writes.
   * Resolves to the placed order's id.
   */
  viaRawSqlSameRows(customerId: string, product: Product): Promise<string>;
  /**
   * A guest's checkout of a cart through the store, with the Placement built exactly as the use case's
   * placeOrder builds it once it has read the cart and its products from DynamoDB (read here beforehand,
   * see prepareGuestCheckout): lines priced from the products, the plan from the choices, an access token
   * and its hash, requester `guest:<cartId>`, the fingerprint of the parsed body. Throws unless placed.
   */
  viaStoreCheckout(checkout: GuestCheckout, idempotencyKey: string): Promise<Order>;
  close(): Promise<void>;
}

/** What the use case reads before it places a guest's order: the body as parsed, the cart's lines, their products. */
export interface GuestCheckout {
  cartId: string;
  input: PlaceOrderInput & { cartId: string; email: string };
  lines: RequestedLine[];
  products: ReadonlyMap<string, Product>;
}

/**
 * `body` is what the HTTP side POSTs (parsed by the same zod schema as the route's, so the discount code
 * is upper-cased alike), `cartLines` the cart's lines as the cart store returns them (product-id order).
 */
export function prepareGuestCheckout(
  body: unknown,
  cartLines: readonly { productId: string; quantity: number }[],
  products: readonly Product[],
): GuestCheckout {
  const input = placeOrderInputSchema.parse(body);
  if (!('cartId' in input) || input.email === undefined)
    throw new Error('a guest checkout needs cartId and email');
  return {
    cartId: input.cartId,
    input: input as GuestCheckout['input'],
    lines: cartLines.map((line) => ({ productId: line.productId, quantity: line.quantity, path: 'cartId' })),
    products: new Map(products.map((product) => [product.id, product])),
  };
}

/** Both baselines share one pool as big as the server's, so they queue for connections as the server does. */
export function createDirectPlacer(connectionString: string, poolMax: number): DirectPlacer {
  const pool = createPostgresPool({ connectionString, max: poolMax, applicationName: 'slimshop-bench' });
  const store = createPostgresOrderStore(pool);
  let settingsOfOneLine: Promise<CheckoutSettings> | undefined;
  return {
    async viaStore(customerId, product) {
      const draft = oneLineOrder(customerId, product);
      const result = await store.place(
        { requester: customerId, settings: draft.plan.settings, build: draft.build },
        { key: randomUUID(), fingerprint: draft.fingerprint },
      );
      if (result.kind !== 'placed') throw new Error(`direct placement: ${result.kind}`);
      return result.order.id;
    },

    async viaRawSql(customerId, product) {
      const { rowCount } = await pool.query(
        `WITH reserved AS (
           UPDATE inventory SET available = available - 1, updated_at = now()
           WHERE product_id = $1 AND available >= 1 RETURNING product_id
         ), placed AS (
           INSERT INTO orders (id, customer_id, status, total_amount, currency, created_at, updated_at)
           SELECT $2, $3, 'placed', $4, $5, now(), now() FROM reserved RETURNING id
         )
         INSERT INTO order_lines (order_id, line_no, product_id, sku, name, quantity, unit_amount, currency)
         SELECT id, 1, $1, $6, $7, 1, $4, $5 FROM placed`,
        [
          product.id,
          newId(),
          customerId,
          product.price.amount,
          product.price.currency,
          product.sku,
          product.name,
        ],
      );
      if (rowCount !== 1) throw new Error('raw placement: out of stock');
    },

    async viaStoreCheckout(checkout, idempotencyKey) {
      const { input } = checkout;
      const toPrice = linesToPrice(checkout.lines, checkout.products);
      const plan = planCheckout(input, CHECKOUT_DEFAULTS);
      const now = new Date();
      const accessToken = randomBytes(32).toString('base64url');
      const owner = {
        id: newId(),
        customerId: null,
        email: input.email,
        accessTokenHash: createHash('sha256').update(accessToken).digest('hex'),
      };
      const result = await store.place(
        {
          requester: `guest:${checkout.cartId}`,
          settings: plan.settings,
          build: (settings) =>
            orderFrom(priceWithSettings(toPrice, plan, settings, CHECKOUT_DEFAULTS, now), plan, owner, now),
          accessToken,
        },
        { key: idempotencyKey, fingerprint: requestFingerprint(input) },
      );
      if (result.kind !== 'placed') throw new Error(`direct checkout: ${result.kind}`);
      return result.order;
    },

    async viaRawSqlSameRows(customerId, product) {
      const draft = oneLineOrder(customerId, product);
      // The settings the store prices this order with (its tax country's), read once: the store remembers
      // them between orders too, and the bench changes no setting once it measures.
      settingsOfOneLine ??= store.checkoutSettings(draft.plan.settings);
      const order = draft.build(await settingsOfOneLine);
      await placeSameRows(pool, customerId, randomUUID(), draft.fingerprint, order);
      return order.id;
    },

    close: () => pool.end(),
  };
}

/**
 * A customer's order of one unit of `product`, drafted as the use case drafts it (the store's side and the
 * same-rows floor share it, so both write the same order): `build` prices it with the checkout settings.
 */
function oneLineOrder(customerId: string, product: Product) {
  const input = { items: [{ productId: product.id, quantity: 1 }] };
  const lines = [{ productId: product.id, quantity: 1, path: 'items.0' }];
  const toPrice = linesToPrice(lines, new Map([[product.id, product]]));
  const plan = planCheckout({}, CHECKOUT_DEFAULTS);
  const now = new Date();
  const owner = { id: newId(), customerId, email: `${customerId}@example.com` };
  return {
    plan,
    fingerprint: requestFingerprint(input),
    build: (settings: CheckoutSettings): Order =>
      orderFrom(priceWithSettings(toPrice, plan, settings, CHECKOUT_DEFAULTS, now), plan, owner, now),
  };
}

/**
 * The store's writes for a one-line order in one statement. The foreign keys to `orders` are checked at the
 * end of the statement, when the order's row is there. Parameters are typed in place: no JSON unpacking.
 */
const SAME_ROWS_SQL = `
WITH reserved AS (
  UPDATE inventory SET available = available - $2::int, updated_at = now()
  WHERE product_id = $1 AND available >= $2::int RETURNING product_id
), placed AS (
  INSERT INTO orders (id, customer_id, status, total_amount, currency, created_at, updated_at,
    access_token_hash, email, shipping_address, billing_address, shipping_method_id, shipping_name,
    shipping_amount, shipping_tax_rate, shipping_tax_amount, discount_code, discount_amount, subtotal_amount,
    tax_amount)
  SELECT $3, $4, $5, $6::bigint, $7, $8::timestamptz, $9::timestamptz, $10, $11, $12::jsonb, $13::jsonb, $14,
    $15, $16::bigint, $17::numeric, $18::bigint, $19, $20::bigint, $21::bigint, $22::bigint
  FROM reserved RETURNING id, created_at
), lined AS (
  INSERT INTO order_lines (order_id, line_no, product_id, sku, name, quantity, unit_amount, currency,
    tax_class, tax_rate, tax_amount, discount_amount)
  SELECT id, 1, $1, $23, $24, $2::int, $25::bigint, $26, $27, $28::numeric, $29::bigint, $30::bigint
  FROM placed
), evented AS (
  INSERT INTO order_events (id, order_id, sequence, type, occurred_at, payload)
  SELECT $31, id, 1, 'order.placed', created_at, $32::json FROM placed
)
INSERT INTO order_requests (customer_id, idempotency_key, fingerprint, outcome, order_id)
SELECT $36, $33, $34, $35::json, id FROM placed`;

async function placeSameRows(
  pool: pg.Pool,
  requester: string,
  key: string,
  fingerprint: string,
  order: Order,
): Promise<void> {
  const [line] = order.items;
  if (line === undefined || order.items.length !== 1) throw new Error('the same-rows floor places one line');
  const outcome: PlacementOutcome = { kind: 'placed', order };
  const { rowCount } = await pool.query(SAME_ROWS_SQL, [
    line.productId,
    line.quantity,
    order.id,
    order.customerId,
    order.status,
    order.total.amount,
    order.total.currency,
    order.createdAt,
    order.updatedAt,
    order.accessTokenHash ?? null,
    order.email,
    order.shippingAddress === null ? null : JSON.stringify(order.shippingAddress),
    order.billingAddress === null ? null : JSON.stringify(order.billingAddress),
    order.shipping?.methodId ?? null,
    order.shipping?.name ?? null,
    order.shipping?.amount.amount ?? null,
    order.shipping?.taxRate ?? null,
    order.shipping?.taxAmount.amount ?? null,
    order.discount?.code ?? null,
    order.discountTotal.amount,
    order.subtotal.amount,
    order.taxTotal.amount,
    line.sku,
    line.name,
    line.unitPrice.amount,
    line.unitPrice.currency,
    line.taxClass,
    line.taxRate,
    line.taxAmount.amount,
    line.discountAmount.amount,
    randomUUID(),
    JSON.stringify(eventSnapshot(order)),
    key,
    fingerprint,
    JSON.stringify(outcome),
    requester,
  ]);
  if (rowCount !== 1) throw new Error('same-rows placement: out of stock');
}

/** One row of the same-rows check: a column of one table, as the store and as the floor wrote it. */
export interface SameRowsColumn {
  table: string;
  column: string;
  /** Stored bytes (pg_column_size), for json columns also the bytes of their text; NULL for a NULL. */
  store: string;
  rawSame: string;
  alike: boolean;
}

/** Tables of a placement, with how to find one placement's row in each. */
const PLACEMENT_TABLES = [
  ['orders', 'id'],
  ['order_lines', 'order_id'],
  ['order_requests', 'order_id'],
  ['order_events', 'order_id'],
] as const;

/**
 * Compares the rows of two one-line placements column by column (every column of the four tables, and each
 * whole row as `(row)`): stored size and null-ness. A column is alike when both are NULL or both are set
 * with stored sizes within 5 % (ids, keys and timestamps differ in value, not in kind); the caller refuses
 * to measure two sides that write different rows.
 *
 * @example
 *   const columns = await compareSameRows(url, await placer.viaStore(c, p), await placer.viaRawSqlSameRows(c, p));
 *   if (columns.some((c) => !c.alike)) throw new Error('the floor writes other rows than the store');
 */
export async function compareSameRows(
  connectionString: string,
  storeOrderId: string,
  rawSameOrderId: string,
): Promise<SameRowsColumn[]> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const columns: SameRowsColumn[] = [];
    for (const [table, key] of PLACEMENT_TABLES) {
      const { rows: described } = await client.query<{ name: string; json: boolean }>(
        `SELECT column_name AS name, data_type IN ('json', 'jsonb') AS json FROM information_schema.columns
         WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`,
        [table],
      );
      const measures = described.flatMap(({ name, json }) => [
        `pg_column_size(t."${name}") AS "${name}"`,
        ...(json ? [`octet_length(t."${name}"::text) AS "${name} text"`] : []),
      ]);
      const sizes = async (orderId: string) => {
        const { rows } = await client.query<Record<string, number | null>>(
          `SELECT ${measures.join(', ')}, pg_column_size(t.*) AS "(row)" FROM ${table} t WHERE t.${key} = $1`,
          [orderId],
        );
        if (rows.length !== 1) throw new Error(`${table}: ${rows.length} rows for order ${orderId}`);
        return rows[0] ?? {};
      };
      const [a, b] = [await sizes(storeOrderId), await sizes(rawSameOrderId)];
      const shown = (row: Record<string, number | null>, name: string) =>
        row[name] === null
          ? 'NULL'
          : `${row[name]}${row[`${name} text`] === undefined ? '' : ` (text ${row[`${name} text`]})`}`;
      for (const column of [...described.map(({ name }) => name), '(row)']) {
        const [x, y] = [a[column] ?? null, b[column] ?? null];
        const alike = x === null || y === null ? x === y : Math.abs(x - y) <= 0.05 * Math.max(x, y);
        columns.push({ table, column, store: shown(a, column), rawSame: shown(b, column), alike });
      }
    }
    return columns;
  } finally {
    await client.end();
  }
}

/** How the direct side taxes; the bench starts the server with the same (PRICES_INCLUDE_TAX, SHOP_COUNTRY). */
export const TAX_POLICY = CHECKOUT_DEFAULTS;
