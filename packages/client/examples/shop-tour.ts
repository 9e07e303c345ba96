// A tour of the API through @slimshop/client, against `npm start` (typechecked by `npm run typecheck`).
// In a second terminal, from the repository's root:
//   ADMIN_TOKEN=$(npm run -s token -- --role admin) \
//   CUSTOMER_TOKEN=$(npm run -s token -- --role customer --sub alice) \
//   node --import tsx packages/client/examples/shop-tour.ts
import { randomUUID } from 'node:crypto';
import { ApiError, createSlimshopClient } from '@slimshop/client';

const baseUrl = process.env.SLIMSHOP_URL ?? 'http://localhost:3000';
const adminToken = process.env.ADMIN_TOKEN;
const customerToken = process.env.CUSTOMER_TOKEN;
if (adminToken === undefined || customerToken === undefined) {
  console.error('Set ADMIN_TOKEN and CUSTOMER_TOKEN (npm run -s token -- --role admin | customer).');
  process.exit(2);
}
const admin = createSlimshopClient({ baseUrl, token: adminToken });
const alice = createSlimshopClient({ baseUrl, token: () => customerToken });

try {
  // Every product, page after page (20 a page: three pages for the demo catalog): the client follows nextCursor.
  let count = 0;
  let categoryId: string | undefined;
  for await (const product of admin.listProducts({ pageSize: 20 })) {
    count++;
    categoryId ??= product.categoryId;
  }
  console.log(`${count} products in the catalog`);
  if (categoryId === undefined) throw new Error('The catalog is empty: start with SEED_DEMO=true.');

  // Created once per key: sending the same call again answers with the same product.
  const idempotencyKey = randomUUID();
  const input = {
    sku: `TOUR-${idempotencyKey.slice(0, 8)}`,
    name: 'Tour mug',
    price: { amount: 1200, currency: 'EUR' },
    categoryId,
    status: 'active' as const,
  };
  const created = await admin.createProduct(input, { idempotencyKey });
  const again = await admin.createProduct(input, { idempotencyKey });
  console.log(`created ${created.value.id} (ETag ${created.etag}); the retry got ${again.value.id}`);

  // Changed with the ETag just read: had anyone changed it since, this would be a PreconditionFailedError.
  const { etag } = await admin.getProduct(created.value.id);
  const updated = await admin.updateProduct(created.value.id, { price: { amount: 990 } }, { etag });
  console.log(
    `price now ${updated.value.price.amount} ${updated.value.price.currency}, ETag ${updated.etag}`,
  );
  await admin.setInventory(created.value.id, 10);

  // A customer fills a cart and places the order (exactly once: the client sends an Idempotency-Key).
  const cart = await alice.createCart();
  await alice.setCartItem(cart.id, created.value.id, 2);
  const order = await alice.placeOrder({ cartId: cart.id });
  const left = await alice.getInventory(created.value.id);
  console.log(`order ${order.id}: ${order.status}, total ${order.total.amount} ${order.total.currency}`);
  console.log(`${left.available} left in stock`);
} catch (error) {
  if (!(error instanceof ApiError)) throw error;
  console.error(`${error.message}${error.errors.map((e) => `\n  ${e.path}: ${e.message}`).join('')}`);
  process.exitCode = 1;
}
