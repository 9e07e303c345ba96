import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADVISOR_PRESETS } from '../../src/http/advisor-page/presets.js';
import { json, startTestApi, type TestApi } from '../support/test-api.js';

// What the server sends for the page; what the browser does with it is test/browser/advisor-page.test.ts.
describe('GET /advisor and its files', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi({ storage: 'memory' });
  });
  afterAll(() => api.close());

  it('serves the page with a policy that lets it load only its own script, styles and API', async () => {
    const response = await api.request('/advisor');
    const html = await response.text();

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(html).toContain('<title>');
    // Relative URLs, so the page still works when the API is mounted under a path prefix.
    expect(html).toContain('src="advisor/assets/advisor.js"');
    expect(html).toContain('href="advisor/assets/advisor.css"');
  });

  it('serves the script and the styles with their types, and nothing else from the folder', async () => {
    const script = await api.request('/advisor/assets/advisor.js');
    const styles = await api.request('/advisor/assets/advisor.css');

    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toContain("fetch(new URL('advisor?curves=true'");
    expect(styles.headers.get('content-type')).toBe('text/css; charset=utf-8');
    for (const name of ['page-files.ts', 'presets.ts', 'index.html', '..%2Fapp.ts'])
      expect((await api.request(`/advisor/assets/${name}`)).status).toBe(404);
  });

  it('lists the example workloads as presets', async () => {
    const response = await api.request('/advisor/presets.json');
    const body = await json(response);

    expect(response.status).toBe(200);
    expect(body.presets.map((p: { id: string }) => p.id)).toEqual(ADVISOR_PRESETS.map((p) => p.id));
    expect(body.presets[0].workload.api.requestsPerMonth).toBe(10_000_000);
  });
});
