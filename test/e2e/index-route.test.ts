import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, startTestApi, type TestApi } from '../support/test-api.js';

describe('GET / (the API root)', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi({ storage: 'memory' });
  });
  afterAll(() => api.close());

  it('answers a small JSON index instead of a 404, without a token', async () => {
    const response = await api.request('/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await json(response)).toEqual({
      name: 'Slimshop API',
      links: { docs: '/docs', openapi: '/openapi.json', advisor: '/advisor', health: '/health' },
    });
  });

  it('links only to pages and documents that answer', async () => {
    const { links } = await json(await api.request('/'));
    for (const path of Object.values(links) as string[]) {
      expect((await api.request(path)).status, path).toBe(200);
    }
  });

  it('is documented: operationId getIndex, public, in the system tag', async () => {
    const document = await json(await api.request('/openapi.json'));
    expect(document.paths['/'].get).toMatchObject({
      operationId: 'getIndex',
      security: [],
      tags: ['system'],
    });
  });
});
