import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, startTestApi, type TestApi } from '../support/test-api.js';

describe('OpenAPI document and docs page', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi({ storage: 'memory' });
  });
  afterAll(() => api.close());

  it('GET /openapi.json is OpenAPI 3.1 covering every route, with security and problem responses', async () => {
    const response = await api.request('/openapi.json');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const doc = await json(response);
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/',
      '/advisor',
      '/categories',
      '/categories/{id}',
      '/health',
      '/products',
      '/products/{id}',
    ]);
    expect(Object.keys(doc.paths['/products/{id}']).sort()).toEqual(['delete', 'get', 'patch', 'put']);
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });

    const create = doc.paths['/products'].post;
    expect(create.security).toEqual([{ bearerAuth: [] }]);
    expect(Object.keys(create.responses)).toEqual(
      expect.arrayContaining(['201', '400', '401', '403', '409', '413', '415', '422', '503']),
    );
    expect(create.responses['400'].content['application/problem+json'].schema.$ref).toBe(
      '#/components/schemas/Problem',
    );
    expect(create.parameters.map((p: { name: string }) => p.name)).toContain('idempotency-key');

    const patch = doc.paths['/products/{id}'].patch;
    expect(Object.keys(patch.requestBody.content)).toEqual([
      'application/merge-patch+json',
      'application/json',
    ]);
    expect(Object.keys(patch.responses)).toEqual(expect.arrayContaining(['412', '428']));

    const list = doc.paths['/products'].get.parameters.map(
      (p: { name: string; in: string }) => `${p.in}:${p.name}`,
    );
    expect(list).toEqual(
      expect.arrayContaining([
        'query:limit',
        'query:cursor',
        'query:categoryId',
        'query:status',
        'query:minPrice',
        'query:maxPrice',
        'query:q',
        'query:sort',
      ]),
    );
  });

  it('documents the same constraints that validate (the domain schemas)', async () => {
    const { components } = await json(await api.request('/openapi.json'));
    const input = components.schemas.ProductInput;
    expect(input.additionalProperties).toBe(false);
    expect(input.required).toEqual(expect.arrayContaining(['sku', 'name', 'price', 'categoryId']));
    expect(input.properties.name).toMatchObject({ minLength: 1, maxLength: 200 });
    expect(input.properties.description).toMatchObject({ maxLength: 5000 });
    expect(input.properties.status.enum).toEqual(['draft', 'active', 'archived']);
    expect(input.properties.price.properties.amount).toMatchObject({ type: 'integer', minimum: 0 });
    const limit = (await json(await api.request('/openapi.json'))).paths['/products'].get.parameters.find(
      (p: { name: string }) => p.name === 'limit',
    );
    expect(limit.schema).toMatchObject({ maximum: 100, default: 20 });
  });

  it('says what the server does: headers, public operations, required response fields, strict requests', async () => {
    const doc = await json(await api.request('/openapi.json'));
    const { paths, components } = doc;
    expect(doc.servers.map((server: { url: string }) => server.url)).toEqual([
      'http://localhost:3000',
      'https://{apiId}.execute-api.{region}.amazonaws.com',
    ]);
    expect(doc.info.license.identifier).toMatch(/^LicenseRef-/);

    const health = paths['/health'].get;
    expect(health.security).toEqual([]);
    expect(health.responses['401'].headers['WWW-Authenticate'].required).toBe(true);
    expect(health.responses['503'].headers['Retry-After'].required).toBe(true);
    const create = paths['/products'].post;
    expect(create.responses['201'].headers).toHaveProperty('Idempotent-Replayed');
    expect(create.responses['409'].headers).toHaveProperty('Idempotent-Replayed');

    // A field with a default: optional when sent, always there when received.
    expect(components.schemas.ProductInput.required).not.toContain('status');
    expect(components.schemas.Product.required).toEqual(expect.arrayContaining(['status', 'attributes']));
    expect(components.schemas.ProductInput.properties.price.properties.currency.pattern).toBe('^[A-Z]{3}$');
    const ifMatch = paths['/products/{id}'].patch.parameters.find(
      (p: { name: string }) => p.name === 'if-match',
    );
    expect(ifMatch).toMatchObject({ in: 'header', required: true, schema: { type: 'string' } });
    expect(ifMatch.schema.pattern).toBeDefined();
    expect(components.schemas.ProductMergePatch.additionalProperties).toBe(false);
    const curves = paths['/advisor'].post.parameters.find((p: { name: string }) => p.name === 'curves');
    expect(curves.schema).toEqual({ type: 'boolean', default: false });
  });

  it('GET /docs serves a page whose scripts and styles all come from this app', async () => {
    const page = await api.request('/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    const html = await page.text();
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] as string);
    expect(assets.length).toBeGreaterThanOrEqual(3);
    for (const asset of assets) {
      expect(asset).not.toMatch(/^(https?:)?\/\//);
      const response = await api.request(new URL(asset, 'http://x/docs').pathname);
      expect(response.status, asset).toBe(200);
      expect((await response.arrayBuffer()).byteLength, asset).toBeGreaterThan(20);
    }
    const bundle = await api.request('/docs/assets/swagger-ui-bundle.js');
    expect(bundle.headers.get('content-type')).toMatch(/javascript/);
    expect((await bundle.text()).length).toBeGreaterThan(500_000);
    const start = await (await api.request('/docs/assets/start.js')).text();
    expect(start).toContain('openapi.json');
  });

  it('serves nothing else from the asset folder', async () => {
    for (const path of [
      '/docs/assets/package.json',
      '/docs/assets/..%2Fpackage.json',
      '/docs/assets/index.html',
    ]) {
      expect((await api.request(path)).status, path).toBe(404);
    }
  });
});
