import type { Hono } from 'hono';
import { ADVISOR_PAGE_FILES, type AdvisorPageFile, readAdvisorPageFile } from '../advisor-page/page-files.js';
import { ADVISOR_PRESETS } from '../advisor-page/presets.js';
import type { AppEnv } from '../app-env.js';

// Everything the page loads comes from this app (no CDN); the SVG charts are drawn by its own script.
const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const ASSET_CACHE = 'public, max-age=300';

/** GET /advisor: a form with presets, the advice from POST /advisor, and cost charts. */
export function registerAdvisorPageRoutes(app: Hono<AppEnv>): void {
  const serve = async (name: AdvisorPageFile) =>
    new Uint8Array(await readAdvisorPageFile(name)) as Uint8Array<ArrayBuffer>;

  app.get('/advisor', async (c) =>
    c.body(await serve('index.html'), 200, {
      'content-type': ADVISOR_PAGE_FILES['index.html'],
      'content-security-policy': PAGE_CSP,
      'cache-control': ASSET_CACHE,
    }),
  );

  app.get('/advisor/presets.json', (c) =>
    c.json({ presets: ADVISOR_PRESETS }, 200, { 'cache-control': ASSET_CACHE }),
  );

  app.get('/advisor/assets/:name', async (c, next) => {
    const name = c.req.param('name');
    if (name === 'index.html' || !Object.hasOwn(ADVISOR_PAGE_FILES, name)) return next();
    return c.body(await serve(name as AdvisorPageFile), 200, {
      'content-type': ADVISOR_PAGE_FILES[name as AdvisorPageFile],
      'cache-control': ASSET_CACHE,
    });
  });
}
