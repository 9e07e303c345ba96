import { perTestFile } from './per-test-file.js';
import { createTestDatabase, type TestDatabase } from './postgres.js';
import {
  JSON_HEADERS,
  json,
  productBody,
  startTestApi,
  type TestApi,
  type TestApiOptions,
} from './test-api.js';

/** The whole API with ordering: catalog and carts on DynamoDB Local, orders and stock on a fresh PostgreSQL database. */
export interface OrderingApi extends TestApi {
  database: TestDatabase;
  /** Authorization header of a customer (or an admin) with this `sub`. */
  customer(sub: string): Promise<{ authorization: string }>;
  admin: { authorization: string };
  /** An active product in the shared category with `available` units in stock; returns its id. */
  stockedProduct(available: number, overrides?: Record<string, unknown>): Promise<string>;
  /** POST /orders with an Idempotency-Key (a fresh one unless given). */
  placeOrder(
    auth: { authorization: string },
    body: unknown,
    key?: string,
    init?: { url?: string },
  ): Promise<Response>;
  available(productId: string): Promise<number>;
}

let keys = 0;

export async function startOrderingApi(
  options: Omit<TestApiOptions, 'orderingDatabase'> & { poolMax?: number } = {},
): Promise<OrderingApi> {
  const database = await createTestDatabase({ max: options.poolMax });
  const api = await startTestApi({ ...options, orderingDatabase: database.pool });
  await api.catalog.createCategory({ id: 'shop', name: 'Shop' });
  const admin = await api.auth('admin', 'shop-admin');

  return {
    ...api,
    database,
    admin,
    customer: (sub) => api.auth('customer', sub),
    async stockedProduct(available, overrides = {}) {
      const product = await api.catalog.createProduct(
        productBody({ categoryId: 'shop', ...overrides }) as Parameters<typeof api.catalog.createProduct>[0],
      );
      const response = await api.request(`/inventory/${product.id}`, {
        method: 'PUT',
        headers: { ...admin, ...JSON_HEADERS },
        body: JSON.stringify({ available }),
      });
      if (response.status !== 200)
        throw new Error(`stocking failed: ${response.status} ${await response.text()}`);
      return product.id;
    },
    placeOrder(auth, body, key = `key-${++keys}-${Date.now()}`, init = {}) {
      const request: RequestInit = {
        method: 'POST',
        headers: { ...auth, ...JSON_HEADERS, 'idempotency-key': key },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      };
      return init.url === undefined ? api.request('/orders', request) : fetch(`${init.url}/orders`, request);
    },
    async available(productId) {
      return (await json(await api.request(`/inventory/${productId}`, { headers: admin }))).available;
    },
    async close() {
      await api.close();
      await database.drop();
    },
  };
}

/** One ordering API per test file. */
export function useOrderingApi(options: Parameters<typeof startOrderingApi>[0] = {}): () => OrderingApi {
  return perTestFile(
    'the ordering API',
    () => startOrderingApi(options),
    (api) => api.close(),
  );
}
