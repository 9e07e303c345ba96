import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/test-api.js';

/** Values that stress parsers: JSON of any shape, plus the edge cases of our fields. */
const anyValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(null, '', ' ', -1, 0, 1.5, 2 ** 53, -0, 'EUR', 'XXX', 'active', 'cat', '🙂', '\u0000'),
  fc.string({ maxLength: 300 }),
);

const validProduct = fc.record({
  sku: fc.stringMatching(/^[A-Z0-9-]{1,12}$/),
  name: fc.string({ minLength: 1, maxLength: 40 }).filter((name) => name.trim() !== ''),
  price: fc.record({ amount: fc.nat(100_000), currency: fc.constantFrom('EUR', 'USD', 'JPY') }),
  categoryId: fc.constant('cat'),
  status: fc.constantFrom('draft', 'active', 'archived'),
  attributes: fc.dictionary(
    fc.stringMatching(/^[a-z]{1,8}$/),
    fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.boolean()),
    { maxKeys: 3 },
  ),
});

const FIELDS = [
  'sku',
  'name',
  'description',
  'price',
  'categoryId',
  'status',
  'attributes',
  'id',
  'version',
  'extra',
];

/** Valid products with up to two fields removed or replaced by anything: most of the interesting edges. */
const productish = fc
  .tuple(validProduct, fc.array(fc.tuple(fc.constantFrom(...FIELDS), fc.option(anyValue)), { maxLength: 2 }))
  .map(([product, mutations]) => {
    const result: Record<string, unknown> = { ...product };
    for (const [field, value] of mutations) {
      if (value === null) delete result[field];
      else result[field] = value;
    }
    return result;
  });

/** Merge patches: a few fields of a valid product, or null to remove them. */
const patchish = fc
  .tuple(validProduct, fc.subarray(FIELDS.slice(0, 7), { maxLength: 3 }), fc.boolean())
  .map(([product, fields, removal]) =>
    Object.fromEntries(
      fields.map((field) => [field, removal ? null : (product as Record<string, unknown>)[field]]),
    ),
  );

const body = fc.oneof(
  { weight: 4, arbitrary: productish.map((value) => JSON.stringify(value)) },
  { weight: 2, arbitrary: patchish.map((value) => JSON.stringify(value)) },
  { weight: 1, arbitrary: anyValue.map((value) => JSON.stringify(value)) },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
);

const queryKeys = [
  'limit',
  'cursor',
  'categoryId',
  'status',
  'minPrice',
  'maxPrice',
  'q',
  'sort',
  'parentId',
  'x',
];
const queryString = fc.oneof(
  fc
    .array(
      fc.tuple(
        fc.constantFrom(...queryKeys),
        fc.oneof(
          fc.string({ maxLength: 30 }),
          fc.integer({ min: -5, max: 500 }).map(String),
          fc.constantFrom('-price', 'name', 'active', 'cat', '1e3', '0x10', 'NaN', 'eyJrIjoiYSIsImgiOiJiIn0'),
        ),
      ),
      { maxLength: 6 },
    )
    .map((pairs) => new URLSearchParams(pairs).toString()),
  // Raw strings, including broken percent-encoding.
  fc.string({ maxLength: 60 }).map((raw) => raw.replace(/[#\s]/g, '')),
);

const header = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom('*', '"1"', 'W/"1"', '"1", "2"', '1', ''),
  fc.string({ maxLength: 20 }),
);

describe('random requests never produce a 5xx (DynamoDB Local)', () => {
  let api: TestApi;
  let admin: { authorization: string };
  const fiveHundreds: string[] = [];
  /** Error responses that are not problem+json naming their status and request id. */
  const notProblems: string[] = [];
  const statuses = new Map<number, number>();

  beforeAll(async () => {
    api = await startTestApi();
    admin = await api.auth('admin');
    await api.catalog.createCategory({ id: 'cat', name: 'Cat' });
  });
  afterAll(() => api.close());

  const send = async (label: string, path: string, init: RequestInit) => {
    const response = await api.request(path, init);
    const text = await response.text();
    if (response.status >= 500) fiveHundreds.push(`${label} ${path} -> ${response.status}`);
    if (response.status >= 400 && !isProblemOf(response, text)) {
      notProblems.push(`${label} ${path} -> ${response.status} ${text.slice(0, 120)}`);
    }
    statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    return response.status;
  };

  it('writes with random bodies, content types and preconditions', async () => {
    statuses.clear();
    const existing = await api.catalog.createProduct({
      sku: 'FIXED',
      name: 'Fixed',
      price: { amount: 1, currency: 'EUR' },
      categoryId: 'cat',
      status: 'active',
      attributes: {},
      taxClass: 'standard',
    });
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          ['POST', '/products'],
          ['PUT', '/products/p1'],
          ['PATCH', `/products/${existing.id}`],
          ['POST', '/categories'],
          ['PATCH', '/categories/cat'],
        ),
        body,
        fc.constantFrom(
          'application/json',
          'application/json',
          'application/merge-patch+json',
          'application/json; charset=utf-8',
          'text/plain',
        ),
        header,
        fc.option(fc.string({ minLength: 1, maxLength: 10 }), { nil: undefined }),
        async ([method, path], payload, contentType, ifMatch, idempotencyKey) => {
          const headers: Record<string, string> = { ...admin, 'content-type': contentType };
          if (ifMatch !== undefined) headers['if-match'] = ifMatch;
          if (idempotencyKey !== undefined) headers['idempotency-key'] = idempotencyKey;
          const status = await send(method, path, { method, headers, body: payload });
          expect(status).toBeLessThan(500);
        },
      ),
      { numRuns: 250 },
    );
    expect(fiveHundreds).toEqual([]);
    expect(notProblems).toEqual([]);
    // The generators must reach past validation too, or this would only ever test the 400 path.
    expect([...statuses.keys()]).toEqual(expect.arrayContaining([200, 201, 400, 412, 415]));
  });

  it('reads with random query strings, ids and headers', async () => {
    statuses.clear();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/products', '/categories'),
        queryString,
        fc.boolean(),
        async (path, query, asAdmin) => {
          const status = await send('GET', `${path}?${query}`, { headers: asAdmin ? admin : {} });
          expect(status).toBeLessThan(500);
        },
      ),
      { numRuns: 250 },
    );
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 80 }), header, async (id, ifNoneMatch) => {
        const headers: Record<string, string> =
          ifNoneMatch === undefined ? {} : { 'if-none-match': ifNoneMatch };
        const status = await send('GET', `/products/${encodeURIComponent(id)}`, { headers });
        expect(status).toBeLessThan(500);
      }),
      { numRuns: 150 },
    );
    expect(fiveHundreds).toEqual([]);
    expect(notProblems).toEqual([]);
    expect([...statuses.keys()]).toEqual(expect.arrayContaining([200, 400, 404]));
  });
});

function isProblemOf(response: Response, text: string): boolean {
  if (response.headers.get('content-type') !== 'application/problem+json') return false;
  try {
    const problem = JSON.parse(text);
    // A replayed problem names the request that first got it; any other names this one.
    const requestId =
      response.headers.get('idempotent-replayed') === 'true'
        ? problem.requestId
        : response.headers.get('x-request-id');
    return (
      problem.status === response.status &&
      typeof problem.requestId === 'string' &&
      problem.requestId === requestId
    );
  } catch {
    return false;
  }
}
