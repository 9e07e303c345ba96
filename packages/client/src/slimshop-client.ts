import createClient, { type Client } from 'openapi-fetch';
import { apiErrorOf } from './api-error.js';
import type { operations, paths } from './generated/openapi.js';
import type {
  Cart,
  Category,
  CategoryInput,
  CategoryMergePatch,
  InventoryAdjustment,
  InventoryLevel,
  Order,
  OrderStatus,
  PlaceOrderInput,
  Product,
  ProductInput,
  ProductMergePatch,
  ProductPut,
  Quote,
  QuoteInput,
  Tagged,
} from './models.js';
import { everyItem } from './pages.js';
import { type RetryOptions, withRetries } from './retries.js';

export interface SlimshopClientOptions {
  /** Where the API answers: `http://localhost:3000` (`npm start`) or a deployed stage's URL. */
  baseUrl: string;
  /** A bearer token, or a function asked before every request (undefined: anonymous). */
  token?: string | (() => string | undefined | Promise<string | undefined>);
  /** Another fetch (a test's in-process app, a proxy); the global one by default. */
  fetch?: (request: Request) => Promise<Response>;
  /** Retries of what is safe to repeat: a 503 after its Retry-After, a dropped connection. */
  retries?: RetryOptions;
  /** Makes the Idempotency-Key of a call that was given none (default: a random UUID). */
  newIdempotencyKey?: () => string;
}

/**
 * A POST that changes something. Every such call sends an Idempotency-Key, `idempotencyKey` or a new one
 * made for this call, and keeps it for the call's retries: a create whose answer was lost is not done twice.
 * Give your own key to carry the guarantee across calls (a job that may run twice, a user clicking twice).
 */
export interface IdempotentCall {
  idempotencyKey?: string;
}

/** `etag`: the ETag you read; the change then applies only to that version (else a PreconditionFailedError). */
export interface Conditional {
  etag?: string;
}

type Query<Operation extends keyof operations> = NonNullable<operations[Operation]['parameters']['query']>;
type ListQuery<Operation extends keyof operations> = Omit<Query<Operation>, 'cursor' | 'limit'> & {
  /** Items fetched per request (the API's default 20, at most 100). */
  pageSize?: number;
};

interface Outcome<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/**
 * The typed Slimshop API client: methods for the catalog, carts, orders and inventory, plus `raw` (an
 * openapi-fetch client typed from the OpenAPI document) for every other operation. Failures throw an
 * ApiError carrying the problem+json the API sent.
 *
 * @example
 * const client = createSlimshopClient({ baseUrl: 'http://localhost:3000', token: process.env.TOKEN });
 * for await (const product of client.listProducts({ categoryId: 'coffee' })) console.log(product.name);
 * const { value: mug, etag } = await client.getProduct('cof-espr-250');
 * await client.updateProduct(mug.id, { price: { amount: 990 } }, { etag });
 */
export function createSlimshopClient(options: SlimshopClientOptions) {
  const baseFetch = options.fetch ?? ((request: Request) => globalThis.fetch(request));
  const newKey = options.newIdempotencyKey ?? (() => crypto.randomUUID());
  const raw: Client<paths> = createClient<paths>({
    baseUrl: options.baseUrl,
    // A POST without a key may not be repeated; everything else here is safe to send again.
    fetch: (request) =>
      request.method === 'POST' && !request.headers.has('idempotency-key')
        ? baseFetch(request)
        : withRetries(() => baseFetch(request.clone()), options.retries),
  });
  const token = options.token;
  if (token !== undefined) {
    raw.use({
      async onRequest({ request }) {
        const value = typeof token === 'function' ? await token() : token;
        if (value !== undefined) request.headers.set('authorization', `Bearer ${value}`);
        return request;
      },
    });
  }

  const key = (call: IdempotentCall = {}) => call.idempotencyKey ?? newKey();
  const ifMatch = (condition: Conditional = {}) =>
    condition.etag === undefined ? {} : { 'if-match': condition.etag };
  const pageQuery = <Q extends { pageSize?: number }>(
    { pageSize, ...rest }: Q,
    cursor: string | undefined,
  ) => ({
    ...rest,
    ...(pageSize === undefined ? {} : { limit: pageSize }),
    ...(cursor === undefined ? {} : { cursor }),
  });

  return {
    /** openapi-fetch over every operation of the document, with this client's token and retries. */
    raw,

    // Products

    /** Every product matching the filters, fetched a page at a time as you iterate. */
    listProducts(query: ListQuery<'listProducts'> = {}): AsyncGenerator<Product> {
      return everyItem(async (cursor) =>
        ok(await raw.GET('/products', { params: { query: pageQuery(query, cursor) } })),
      );
    },
    async getProduct(id: string): Promise<Tagged<Product>> {
      return tagged(await raw.GET('/products/{id}', { params: { path: { id } } }));
    },
    async createProduct(input: ProductInput, call?: IdempotentCall): Promise<Tagged<Product>> {
      return tagged(
        await raw.POST('/products', { params: { header: { 'idempotency-key': key(call) } }, body: input }),
      );
    },
    /** Creates the product under this id, or replaces it (`created` says which). */
    async replaceProduct(
      id: string,
      input: ProductPut,
      condition?: Conditional,
    ): Promise<Tagged<Product> & { created: boolean }> {
      const outcome = await raw.PUT('/products/{id}', {
        params: { path: { id }, header: ifMatch(condition) },
        body: input,
      });
      return { ...tagged(outcome), created: outcome.response.status === 201 };
    },
    /** A JSON merge patch of the version whose ETag you give (a 412 PreconditionFailedError if it moved on). */
    async updateProduct(
      id: string,
      patch: ProductMergePatch,
      { etag }: { etag: string },
    ): Promise<Tagged<Product>> {
      return tagged(
        await raw.PATCH('/products/{id}', {
          params: { path: { id }, header: { 'if-match': etag } },
          body: patch,
          headers: { 'content-type': 'application/merge-patch+json' },
        }),
      );
    },
    async deleteProduct(id: string, condition?: Conditional): Promise<void> {
      ok(await raw.DELETE('/products/{id}', { params: { path: { id }, header: ifMatch(condition) } }));
    },

    // Categories

    /** Every category (or the children of `parentId`), by name. */
    listCategories(query: ListQuery<'listCategories'> = {}): AsyncGenerator<Category> {
      return everyItem(async (cursor) =>
        ok(await raw.GET('/categories', { params: { query: pageQuery(query, cursor) } })),
      );
    },
    async getCategory(id: string): Promise<Tagged<Category>> {
      return tagged(await raw.GET('/categories/{id}', { params: { path: { id } } }));
    },
    async createCategory(input: CategoryInput, call?: IdempotentCall): Promise<Tagged<Category>> {
      return tagged(
        await raw.POST('/categories', { params: { header: { 'idempotency-key': key(call) } }, body: input }),
      );
    },
    async updateCategory(
      id: string,
      patch: CategoryMergePatch,
      { etag }: { etag: string },
    ): Promise<Tagged<Category>> {
      return tagged(
        await raw.PATCH('/categories/{id}', {
          params: { path: { id }, header: { 'if-match': etag } },
          body: patch,
          headers: { 'content-type': 'application/merge-patch+json' },
        }),
      );
    },
    async deleteCategory(id: string, condition?: Conditional): Promise<void> {
      ok(await raw.DELETE('/categories/{id}', { params: { path: { id }, header: ifMatch(condition) } }));
    },

    // Carts and orders

    /** A new, empty cart of the caller's; without a token a guest cart, whose id is the only key to it. */
    async createCart(call?: IdempotentCall): Promise<Cart> {
      return ok(await raw.POST('/carts', { params: { header: { 'idempotency-key': key(call) } } }));
    },
    async getCart(id: string): Promise<Cart> {
      return ok(await raw.GET('/carts/{id}', { params: { path: { id } } }));
    },
    /** Sets the quantity of one product in the cart; 0 removes the line. */
    async setCartItem(cartId: string, productId: string, quantity: number): Promise<Cart> {
      return ok(
        await raw.PUT('/carts/{id}/items/{productId}', {
          params: { path: { id: cartId, productId } },
          body: { quantity },
        }),
      );
    },
    /** What ordering the cart with these choices (address, shipping method, discount code) would cost. */
    async quoteCart(cartId: string, choices: QuoteInput = {}): Promise<Quote> {
      return ok(await raw.POST('/carts/{id}/quote', { params: { path: { id: cartId } }, body: choices }));
    },
    /**
     * Places an order from a cart (`{ cartId }`) or from lines (`{ items }`), with the checkout choices,
     * exactly once per key. Not enough stock is an ApiError 409 whose `problem.products` names each short
     * line. A guest's order comes with `accessToken`: pass it to getOrder and cancelOrder.
     */
    async placeOrder(input: PlaceOrderInput, call?: IdempotentCall): Promise<Order> {
      return ok(
        await raw.POST('/orders', { params: { header: { 'idempotency-key': key(call) } }, body: input }),
      );
    },
    /** The caller's order, or a guest's with the `accessToken` its placement returned. */
    async getOrder(id: string, orderToken?: string): Promise<Order> {
      return ok(await raw.GET('/orders/{id}', { params: { path: { id }, header: guestHeader(orderToken) } }));
    },
    /** The caller's orders, newest first (admins: everyone's, or one customer's with `customerId`). */
    listOrders(query: ListQuery<'listOrders'> = {}): AsyncGenerator<Order> {
      return everyItem(async (cursor) =>
        ok(await raw.GET('/orders', { params: { query: pageQuery(query, cursor) } })),
      );
    },
    async cancelOrder(id: string, call?: IdempotentCall, orderToken?: string): Promise<Order> {
      return ok(
        await raw.POST('/orders/{id}/cancel', {
          params: { path: { id }, header: { 'idempotency-key': key(call), ...guestHeader(orderToken) } },
        }),
      );
    },
    /** Admins: moves an order one step (placed → paid → shipped → delivered), or to cancelled. */
    async changeOrderStatus(id: string, status: OrderStatus, call?: IdempotentCall): Promise<Order> {
      return ok(
        await raw.POST('/orders/{id}/status', {
          params: { path: { id }, header: { 'idempotency-key': key(call) } },
          body: { status },
        }),
      );
    },

    // Inventory

    async getInventory(productId: string): Promise<InventoryLevel> {
      return ok(await raw.GET('/inventory/{productId}', { params: { path: { productId } } }));
    },
    /** Admins: sets the units available. */
    async setInventory(productId: string, available: number): Promise<InventoryLevel> {
      return ok(
        await raw.PUT('/inventory/{productId}', { params: { path: { productId } }, body: { available } }),
      );
    },
    /** Admins: adds (or with a negative delta removes) units, with a reason. */
    async adjustInventory(
      productId: string,
      adjustment: InventoryAdjustment,
      call?: IdempotentCall,
    ): Promise<InventoryLevel> {
      return ok(
        await raw.POST('/inventory/{productId}/adjustments', {
          params: { path: { productId }, header: { 'idempotency-key': key(call) } },
          body: adjustment,
        }),
      );
    },
  };
}

export type SlimshopClient = ReturnType<typeof createSlimshopClient>;

/** The body of a successful answer; an ApiError for any other. */
function ok<T>({ data, error, response }: Outcome<T>): T {
  if (!response.ok) throw apiErrorOf(response, error);
  return data as T;
}

/** The body with its ETag, for a later conditional write. */
function tagged<T>(outcome: Outcome<T>): Tagged<T> {
  const value = ok(outcome);
  const etag = outcome.response.headers.get('etag');
  if (etag === null) throw new Error(`${outcome.response.url} answered without an ETag`);
  return { value, etag };
}

/** A guest's key to their order, as the header the API reads it from. */
function guestHeader(orderToken: string | undefined): { 'x-order-token'?: string } {
  return orderToken === undefined ? {} : { 'x-order-token': orderToken };
}
