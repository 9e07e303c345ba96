import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ALBResult, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTable } from '../../src/adapters/dynamodb/table-schema.js';
import {
  albEvent,
  apiGatewayV2Event,
  type HttpRequestSpec,
  lambdaContext,
} from '../fixtures/lambda-events.js';
import { type TestDynamo, testDynamo, uniqueTableName } from '../support/dynamodb.js';
import { checkLambdaResults } from '../support/openapi-contract.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';

// The handler is the real entrypoint (src/entrypoints/lambda-api.ts) configured the way the CDK app
// configures it: TABLE_NAME, AWS_REGION, DYNAMODB_ENDPOINT, a JWKS URL as Cognito would publish it, and a
// PostgreSQL database (DATABASE_URL here, where AWS sets DATABASE_HOST... for RDS Proxy) with no schema yet.
const ISSUER = 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Test';
type Result = APIGatewayProxyStructuredResultV2 & ALBResult;
type Handler = (event: unknown, context: unknown) => Promise<Result>;

let dynamo: TestDynamo;
const tableName = uniqueTableName('lambda-e2e');
let jwks: Server;
let handler: Handler;
let adminToken: string;
let customerToken: string;
let database: TestDatabase;
const savedEnv = { ...process.env };

beforeAll(async () => {
  dynamo = await testDynamo();
  await ensureTable(dynamo.client, tableName);

  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  jwks = createServer((_request, response) => {
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
  const sign = (sub: string, group: string) =>
    // As a Cognito ID token: groups and the user's email (an order's email defaults to it).
    new SignJWT({ 'cognito:groups': [group], email: `${sub}@example.com` })
      .setProtectedHeader({ alg: 'RS256', kid: 'test-key' })
      .setIssuer(ISSUER)
      .setSubject(sub)
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(privateKey);
  adminToken = await sign('alice', 'admin');
  customerToken = await sign('bob', 'customer');
  // Unmigrated: the handler applies the migrations itself, on the first request that needs the database.
  database = await createTestDatabase({ migrate: false });

  Object.assign(process.env, {
    TABLE_NAME: tableName,
    AWS_REGION: 'us-east-1',
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    JWKS_URL: `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/.well-known/jwks.json`,
    JWT_ISSUER: ISSUER,
    DATABASE_URL: database.connectionString,
    LOG_LEVEL: 'error',
  });
  ({ handler } = (await import('../../src/entrypoints/lambda-api.js')) as unknown as { handler: Handler });
});

afterAll(async () => {
  process.env = savedEnv;
  await new Promise((resolve) => jwks?.close(resolve));
  await database?.drop();
});

let checked: Handler | undefined;
/** The handler with every result checked against the OpenAPI document it serves. */
const invoke = (event: unknown) => {
  checked ??= checkLambdaResults(
    handler as (event: object, context: never) => Promise<Result>,
    apiGatewayV2Event({ method: 'GET', path: '/openapi.json' }),
  ) as Handler;
  return checked(event, lambdaContext());
};
const v2 = (spec: HttpRequestSpec) => invoke(apiGatewayV2Event(spec));
/** The fields these tests read from products, pages and problems. */
interface Body {
  id: string;
  name: string;
  sku: string;
  status: number | string;
  title: string;
  items: { id: string; sku: string }[];
  nextCursor: string | null;
  errors: { path: string }[];
}
const json = (result: Result) => JSON.parse(result.body ?? '') as Body;
const asAdmin = (headers: Record<string, string> = {}) => ({
  authorization: `Bearer ${adminToken}`,
  ...headers,
});

async function createCategory(name: string): Promise<string> {
  const result = await v2({
    method: 'POST',
    path: '/categories',
    headers: asAdmin({ 'content-type': 'application/json' }),
    body: JSON.stringify({ name }),
  });
  expect(result.statusCode).toBe(201);
  return json(result).id;
}

async function createProduct(body: Record<string, unknown>): Promise<Body> {
  const result = await v2({
    method: 'POST',
    path: '/products',
    headers: asAdmin({ 'content-type': 'application/json' }),
    body: JSON.stringify({ status: 'active', ...body }),
  });
  expect(result.statusCode).toBe(201);
  return json(result);
}

describe('Lambda handler, API Gateway HTTP API payload 2.0', () => {
  it('answers GET /health with 200 and echoes the gateway request id', async () => {
    const event = apiGatewayV2Event({ path: '/health' });
    const result = await invoke(event);

    expect(result.statusCode).toBe(200);
    expect(json(result)).toEqual({ status: 'ok' });
    expect(result.headers?.['content-type']).toMatch(/^application\/json/);
    expect(result.headers?.['x-request-id']).toBe(event.requestContext.requestId);
  });

  it('creates a product from a base64-encoded body, then serves it with its ETag', async () => {
    const categoryId = await createCategory('Coffee');
    const created = await v2({
      method: 'POST',
      path: '/products',
      headers: asAdmin({ 'content-type': 'application/json', 'idempotency-key': 'lambda-b64-1' }),
      body: JSON.stringify({
        sku: 'LAMBDA-CREME-1',
        name: 'Café Crème Lambda',
        price: { amount: 1290, currency: 'EUR' },
        categoryId,
        status: 'active',
      }),
      base64: true,
    });

    expect(created.statusCode).toBe(201);
    const product = json(created);
    expect(product.name).toBe('Café Crème Lambda'); // UTF-8 survived base64 decoding
    expect(created.headers?.location).toBe(`/products/${product.id}`);
    expect(created.headers?.etag).toBe('"1"');

    const fetched = await v2({ path: `/products/${product.id}` });
    expect(fetched.statusCode).toBe(200);
    expect(fetched.headers?.etag).toBe('"1"');
    expect(json(fetched)).toEqual(product);

    const notModified = await v2({ path: `/products/${product.id}`, headers: { 'if-none-match': '"1"' } });
    expect(notModified.statusCode).toBe(304);
    expect(notModified.body ?? '').toBe('');
  });

  it('answers an unknown product with 404 problem+json', async () => {
    const result = await v2({ path: '/products/does-not-exist' });

    expect(result.statusCode).toBe(404);
    expect(result.headers?.['content-type']).toMatch(/^application\/problem\+json/);
    expect(json(result)).toMatchObject({ status: 404, title: expect.any(String) });
  });

  it('reads filters, sort and cursor from the query string', async () => {
    const categoryId = await createCategory('Query strings');
    for (const [sku, amount] of [
      ['QS-3', 300],
      ['QS-1', 100],
      ['QS-2', 200],
    ] as const) {
      await createProduct({ sku, name: `Query ${sku}`, price: { amount, currency: 'EUR' }, categoryId });
    }

    const first = await v2({ path: '/products', query: `limit=2&sort=price&categoryId=${categoryId}` });
    expect(first.statusCode).toBe(200);
    const page1 = json(first);
    expect(page1.items.map((item) => item.sku)).toEqual(['QS-1', 'QS-2']);
    expect(page1.nextCursor).toEqual(expect.any(String));

    const second = await v2({
      path: '/products',
      query: `limit=2&sort=price&categoryId=${categoryId}&cursor=${encodeURIComponent(page1.nextCursor ?? '')}`,
    });
    expect(json(second)).toMatchObject({ items: [{ sku: 'QS-3' }], nextCursor: null });
  });

  it('rejects an out-of-range limit with 400 naming the parameter', async () => {
    const result = await v2({ path: '/products', query: 'limit=101' });

    expect(result.statusCode).toBe(400);
    expect(json(result).errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'query.limit' })]),
    );
  });

  it('refuses a write without a token (401) and with a token from an unknown key', async () => {
    const write = { method: 'POST', path: '/categories', body: '{"name":"Nope"}' };
    const anonymous = await v2({ ...write, headers: { 'content-type': 'application/json' } });
    const forged = await v2({
      ...write,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken.slice(0, -4)}AAAA` },
    });

    expect(anonymous.statusCode).toBe(401);
    expect(forged.statusCode).toBe(401);
    expect(anonymous.headers?.['content-type']).toMatch(/^application\/problem\+json/);
  });
});

describe('Lambda handler, events that are no valid request', () => {
  it('answers HEAD like GET without a body', async () => {
    const result = await v2({ method: 'HEAD', path: '/health' });

    expect(result.statusCode).toBe(200);
    expect(result.body).toBe('');
    expect(result.headers?.['content-type']).toMatch(/^application\/json/);
  });

  it('answers 400 "Invalid request" to a GET with a body and to a header no HTTP request can carry', async () => {
    // Unchecked: the Lambda adapter answers these itself, before the app, as a server answers a malformed
    // request: no operation of the OpenAPI document is involved.
    const unchecked = (spec: HttpRequestSpec) => handler(apiGatewayV2Event(spec), lambdaContext());
    const withBody = await unchecked({ method: 'GET', path: '/health', body: 'x' });
    const badHeader = await unchecked({ path: '/health', headers: { 'x-note': 'line\r\nbreak' } });

    for (const result of [withBody, badHeader]) {
      expect(result.statusCode).toBe(400);
      expect(result.body).toBe('Invalid request');
    }
  });

  it('refuses an event of another shape (REST API payload 1.0) instead of guessing', async () => {
    const restEvent = {
      resource: '/{proxy+}',
      path: '/health',
      httpMethod: 'GET',
      headers: { host: 'abc.execute-api.us-east-1.amazonaws.com' },
      requestContext: { requestId: 'rest-1', stage: 'prod' },
      body: null,
      isBase64Encoded: false,
    };

    await expect(invoke(restEvent)).rejects.toThrow(/HTTP API \(payload 2\.0\) and ALB events only/);
  });
});

describe('Lambda handler, ordering (PostgreSQL on first use)', () => {
  const asCustomer = (headers: Record<string, string> = {}) => ({
    authorization: `Bearer ${customerToken}`,
    'content-type': 'application/json',
    ...headers,
  });
  const schemaApplied = async () =>
    (await database.pool.query(`SELECT to_regclass('public.orders') AS orders`)).rows[0]?.orders !== null;

  it('migrates on the first ordering request, then places an order from a cart exactly once', async () => {
    const categoryId = await createCategory('Ordering');
    const product = await createProduct({
      sku: 'LAMBDA-ORDER-1',
      name: 'Lambda Beans',
      price: { amount: 700, currency: 'EUR' },
      categoryId,
    });
    // Catalog requests so far never touched PostgreSQL: no schema yet.
    expect(await schemaApplied()).toBe(false);

    const stocked = await v2({
      method: 'PUT',
      path: `/inventory/${product.id}`,
      headers: asAdmin({ 'content-type': 'application/json' }),
      body: JSON.stringify({ available: 5 }),
    });
    expect(stocked.statusCode).toBe(200);
    expect(await schemaApplied()).toBe(true);

    const cart = await v2({ method: 'POST', path: '/carts', headers: asCustomer() });
    expect(cart.statusCode).toBe(201);
    const cartId = json(cart).id;
    const line = await v2({
      method: 'PUT',
      path: `/carts/${cartId}/items/${product.id}`,
      headers: asCustomer(),
      body: JSON.stringify({ quantity: 2 }),
    });
    expect(line.statusCode).toBe(200);

    const order = {
      method: 'POST',
      path: '/orders',
      headers: asCustomer({ 'idempotency-key': 'lambda-order-1' }),
      body: JSON.stringify({ cartId }),
    };
    const placed = await v2(order);
    expect(placed.statusCode).toBe(201);
    const body = JSON.parse(placed.body ?? '');
    expect(body).toMatchObject({
      customerId: 'bob',
      status: 'placed',
      items: [{ productId: product.id, sku: 'LAMBDA-ORDER-1', quantity: 2 }],
      total: { amount: 1400, currency: 'EUR' },
    });

    // A retry of the same request (e.g. after a gateway timeout) gets the same order, not a second one.
    const replayed = await v2(order);
    expect(replayed.statusCode).toBe(201);
    expect(JSON.parse(replayed.body ?? '').id).toBe(body.id);
    const stock = await v2({ path: `/inventory/${product.id}` });
    expect(JSON.parse(stock.body ?? '')).toEqual({ productId: product.id, available: 3 });
  });
});

describe('Lambda handler, ALB target group', () => {
  let product: Body;
  beforeAll(async () => {
    const categoryId = await createCategory('ALB');
    product = await createProduct({
      sku: 'ALB-1',
      name: 'Café Noir ALB',
      price: { amount: 990, currency: 'EUR' },
      categoryId,
    });
  });

  it('answers in multiValueHeaders when the target group sends multi-value headers', async () => {
    const result = await invoke(albEvent({ path: `/products/${product.id}` }, { multiValue: true }));

    expect(result.statusCode).toBe(200);
    expect(result.multiValueHeaders?.etag).toEqual(['"1"']);
    expect(result.headers).toBeUndefined();
    expect(json(result).id).toBe(product.id);
  });

  it('treats a repeated header as one comma-separated list (If-None-Match sent twice -> 304)', async () => {
    const result = await invoke(
      albEvent(
        { path: `/products/${product.id}`, headers: { 'If-None-Match': ['"7"', '"1"'] } },
        { multiValue: true },
      ),
    );

    expect(result.statusCode).toBe(304);
  });

  it('decodes query values that ALB passes through still URL-encoded', async () => {
    const result = await invoke(
      albEvent({ path: '/products', query: 'q=caf%C3%A9%20noir&limit=5' }, { multiValue: true }),
    );

    expect(result.statusCode).toBe(200);
    expect(json(result).items.map((item) => item.id)).toEqual([product.id]);
  });

  it('answers in headers when the target group sends single-value headers', async () => {
    const result = await invoke(albEvent({ path: '/health' }, { multiValue: false }));

    expect(result.statusCode).toBe(200);
    expect(result.headers?.['content-type']).toMatch(/^application\/json/);
    expect(result.multiValueHeaders).toBeUndefined();
    expect(json(result)).toEqual({ status: 'ok' });
  });

  it('accepts an admin write with a base64 body', async () => {
    const result = await invoke(
      albEvent(
        {
          method: 'POST',
          path: '/categories',
          headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ name: 'Théières' }),
          base64: true,
        },
        { multiValue: true },
      ),
    );

    expect(result.statusCode).toBe(201);
    expect(json(result).name).toBe('Théières');
    expect(result.multiValueHeaders?.location?.[0]).toMatch(/^\/categories\//);
  });
});
