// The TypeScript half of bench/orders.mjs (loaded with tsx's tsImport): a JWKS for
// the server to verify customer tokens with, and the direct baselines of POST /orders (one line for a
// customer; a guest's full checkout of a cart with shipping, tax and a discount code).

import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { exportJWK } from 'jose';
import { loadOrCreateLocalSigningKey, signLocalToken } from '../../src/adapters/auth/local-signing-key.js';
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
  /** The adapter's placement transaction, as the API runs it, minus HTTP, auth and the catalog read. */
  viaStore(customerId: string, product: Product): Promise<void>;
  /**
   * A hand-written floor: one autocommit statement that decrements the stock row and inserts the order and
   * its line. No idempotency record, no stock check before writing: what the bare database work costs.
   */
  viaRawSql(customerId: string, product: Product): Promise<void>;
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
  return {
    async viaStore(customerId, product) {
      const input = { items: [{ productId: product.id, quantity: 1 }] };
      const lines = [{ productId: product.id, quantity: 1, path: 'items.0' }];
      const toPrice = linesToPrice(lines, new Map([[product.id, product]]));
      const plan = planCheckout({}, CHECKOUT_DEFAULTS);
      const now = new Date();
      const owner = { id: newId(), customerId, email: `${customerId}@example.com` };
      const result = await store.place(
        {
          requester: customerId,
          settings: plan.settings,
          build: (settings) =>
            orderFrom(priceWithSettings(toPrice, plan, settings, CHECKOUT_DEFAULTS, now), plan, owner, now),
        },
        { key: randomUUID(), fingerprint: requestFingerprint(input) },
      );
      if (result.kind !== 'placed') throw new Error(`direct placement: ${result.kind}`);
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

    close: () => pool.end(),
  };
}

/** How the direct side taxes; the bench starts the server with the same (PRICES_INCLUDE_TAX, SHOP_COUNTRY). */
export const TAX_POLICY = CHECKOUT_DEFAULTS;
