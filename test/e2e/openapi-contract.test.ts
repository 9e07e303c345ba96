import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogRepository } from '../../src/app/ports/catalog-repository.js';
import { PreconditionRequiredError } from '../../src/domain/shared/errors.js';
import { ContractViolation, OpenApiContract, takeUnreportedViolations } from '../support/openapi-contract.js';
import { JSON_HEADERS, json, productBody, startTestApi, type TestApi } from '../support/test-api.js';

/** The next getProduct answers 428, a status GET /products/{id} never has: a planted contract breach. */
let plantUndocumentedStatus = false;
const planting = (repository: CatalogRepository): CatalogRepository => ({
  ...repository,
  async getProduct(id) {
    if (plantUndocumentedStatus) throw new PreconditionRequiredError();
    return repository.getProduct(id);
  },
});

/**
 * The checker every e2e response passes through (test/support/openapi-contract.ts): here it is shown to
 * accept what the document describes and to fail a test on what it does not.
 */
describe('responses are checked against the OpenAPI document', () => {
  let api: TestApi;
  let contract: OpenApiContract;
  const none = new Headers();

  beforeAll(async () => {
    api = await startTestApi({ storage: 'memory', wrapRepository: planting });
    await api.catalog.createCategory({ id: 'mugs', name: 'Mugs' });
    contract = await OpenApiContract.load(async () => api.app.request('/openapi.json'));
  });
  afterAll(() => api.close());

  const problemsOf = (method: string, url: string, status: number, body: unknown, headers = {}) =>
    contract.problemsOf(
      { method, url, headers: none },
      new Response(null, { status, headers }),
      new TextEncoder().encode(body === undefined ? '' : JSON.stringify(body)),
    );

  it('fails the request on a planted undocumented status, naming it and the statuses documented', async () => {
    plantUndocumentedStatus = true;
    const answer = api.request('/products/any-id').finally(() => {
      plantUndocumentedStatus = false;
    });
    await expect(answer).rejects.toThrow(ContractViolation);
    await expect(answer).rejects.toThrow(
      /GET \/products\/\{id\} answered 428, a status the document does not list/,
    );
  });

  it('over a socket too: the mismatch is kept and fails the test when it ends', async () => {
    const { url } = await api.listen();
    plantUndocumentedStatus = true;
    const response = await fetch(`${url}/products/any-id`).finally(() => {
      plantUndocumentedStatus = false;
    });
    // The client still gets the server's answer; the test is failed afterwards (taken here to show it).
    expect(response.status).toBe(428);
    expect(takeUnreportedViolations()).toEqual([expect.stringContaining('answered 428')]);
  });

  it('accepts the responses the document describes, through the real app', async () => {
    const created = await api.request('/products', {
      method: 'POST',
      headers: { ...(await api.auth('admin')), ...JSON_HEADERS },
      body: JSON.stringify(productBody()),
    });
    expect(created.status).toBe(201);
    expect((await json(created)).status).toBe('active');
    expect((await api.request('/health')).status).toBe(200);
  });

  it('finds a missing required member, an undeclared member and a wrong content type', () => {
    expect(problemsOf('GET', '/health', 200, {}, { 'content-type': 'application/json' })).toEqual([
      expect.stringMatching(/GET \/health 200 body .*must have required property 'status'/),
    ]);
    expect(
      problemsOf('GET', '/health', 200, { status: 'ok', uptime: 3 }, { 'content-type': 'application/json' }),
    ).toEqual([expect.stringMatching(/must NOT have additional properties \(uptime\)/)]);
    expect(problemsOf('GET', '/health', 200, { status: 'ok' }, { 'content-type': 'text/plain' })).toEqual([
      expect.stringContaining('is text/plain, the document says application/json'),
    ]);
  });

  it('finds undeclared headers and missing required ones', () => {
    const problem = { type: 'about:blank', title: 'Service Unavailable', status: 503, detail: 'Busy.' };
    const json503 = { 'content-type': 'application/problem+json' };
    expect(problemsOf('GET', '/health', 503, problem, json503)).toEqual([
      'GET /health 503 lacks the required header Retry-After',
    ]);
    expect(
      problemsOf('GET', '/health', 503, problem, { ...json503, 'retry-after': '3', 'x-powered-by': 'x' }),
    ).toEqual(['GET /health 503 sends the header x-powered-by, which the document does not declare']);
  });

  it('holds unknown routes to the 404 problem and leaves pages and CORS preflights alone', () => {
    const notFound = { type: 'about:blank', title: 'Not Found', status: 404, detail: 'No route.' };
    expect(
      problemsOf('GET', '/nowhere', 404, notFound, { 'content-type': 'application/problem+json' }),
    ).toEqual([]);
    expect(problemsOf('GET', '/nowhere', 200, { ok: true })).toEqual([
      'GET /nowhere is not an operation of the document, yet it answered 200',
    ]);
    expect(problemsOf('GET', '/docs', 200, undefined, { 'content-type': 'text/html' })).toEqual([]);
    const preflight = new Headers({ 'access-control-request-method': 'POST' });
    expect(
      contract.problemsOf(
        { method: 'OPTIONS', url: '/products', headers: preflight },
        new Response(null, { status: 204 }),
        new Uint8Array(),
      ),
    ).toEqual([]);
  });
});
