import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_ASSET_CACHE, adminPageCsp } from '../../src/http/admin-page-policy.js';
import type { AppEnv } from '../../src/http/app-env.js';
import { registerAdminRoutes } from '../../src/http/routes/admin-routes.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

// What the server sends for /admin (packages/admin, built into dist/admin); the console in a browser is
// admin-console.test.ts. These use a stand-in build in a temp folder: no Vite run needed.
describe('GET /admin/ and its assets', () => {
  let directory: string;
  let app: Hono<AppEnv>;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'admin-dist-'));
    await mkdir(join(directory, 'assets'));
    await writeFile(
      join(directory, 'index.html'),
      '<!doctype html><title>Slimshop admin</title><script type="module" src="./assets/index-abc123.js"></script>',
    );
    await writeFile(join(directory, 'assets', 'index-abc123.js'), 'console.log(1)');
    await writeFile(join(directory, 'assets', 'index-abc123.css'), 'body{}');
    await writeFile(join(directory, 'assets', 'notes.txt'), 'not served');
    app = new Hono<AppEnv>();
    registerAdminRoutes(app, {
      directory,
      adminImageOrigins: ['https://cdn.example'],
      adminUploadOrigins: ['https://images.s3.eu-west-1.amazonaws.com'],
    });
  });
  afterAll(() => rm(directory, { recursive: true, force: true }));

  it('redirects /admin to /admin/ relatively, so a #token= fragment and a path prefix survive', async () => {
    const response = await app.request('/admin');
    expect(response.status).toBe(308);
    expect(response.headers.get('location')).toBe('admin/');
  });

  it('serves the page no-cache, under a strict policy: own scripts only, the API and the image upload origin, images also from the CDN', async () => {
    const response = await app.request('/admin/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp.split('; ')).toEqual(
      expect.arrayContaining([
        "default-src 'self'",
        "script-src 'self'",
        "connect-src 'self' https://images.s3.eu-west-1.amazonaws.com",
        "img-src 'self' data: https://cdn.example",
        "frame-ancestors 'none'",
      ]),
    );
    expect(csp).not.toContain('unsafe');
    expect(await response.text()).toContain('./assets/index-abc123.js');
  });

  it('serves hashed assets immutable for a year, with their types, and nothing else', async () => {
    const script = await app.request('/admin/assets/index-abc123.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('cache-control')).toBe(ADMIN_ASSET_CACHE);
    expect(ADMIN_ASSET_CACHE).toBe('public, max-age=31536000, immutable');
    expect((await app.request('/admin/assets/index-abc123.css')).headers.get('content-type')).toBe(
      'text/css; charset=utf-8',
    );
    for (const name of [
      'notes.txt',
      'index.html',
      'missing-123.js',
      '..%2Findex.html',
      '..%2F..%2Fpackage.json',
    ])
      expect((await app.request(`/admin/assets/${name}`)).status).toBe(404);
  });

  it('without a build answers 503 with a page saying that npm run build builds the console', async () => {
    const bare = new Hono<AppEnv>();
    registerAdminRoutes(bare, { directory: join(directory, 'nowhere') });
    const response = await bare.request('/admin/');
    expect(response.status).toBe(503);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.text()).toContain('npm run build');
    expect((await bare.request('/admin/assets/index-abc123.js')).status).toBe(404);
  });

  it('keeps the default policy free of anything but self', () => {
    expect(adminPageCsp()).toContain("img-src 'self' data:;");
    expect(adminPageCsp()).toContain("connect-src 'self';");
  });
});

describe('/admin in the whole app', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ storage: 'memory' });
  });
  afterAll(() => api.close());

  // Built (dist/admin) or not, the app's own policy (default-src 'none' for JSON) never replaces the page's.
  it("answers /admin/ with the console's policy, or the 503 page when dist/admin is not built", async () => {
    const response = await api.app.request('/admin/');
    expect([200, 503]).toContain(response.status);
    const csp = response.headers.get('content-security-policy') ?? '';
    if (response.status === 200) expect(csp).toBe(adminPageCsp());
    else expect(await response.text()).toContain('npm run build');
    expect((await api.app.request('/admin')).status).toBe(308);
  });
});
