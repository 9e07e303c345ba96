import type { Hono } from 'hono';
import type { AppEnv } from '../app-env.js';
import { DOCS_ASSETS, type DocsAssetName, readDocsAsset } from './docs-assets.js';

// The page, its start script and the assets all come from this app: no CDN, and a CSP that allows
// nothing else. Relative URLs keep the page working when the API is mounted under a path prefix.
const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Slimshop API</title>
<link rel="stylesheet" href="docs/assets/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="docs/assets/swagger-ui-bundle.js"></script>
<script src="docs/assets/start.js"></script>
</body>
</html>
`;

const START_SCRIPT = `window.ui = SwaggerUIBundle({
  url: new URL('openapi.json', document.baseURI).href,
  dom_id: '#swagger-ui',
  deepLinking: true,
  persistAuthorization: false,
});
`;

const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  // swagger-ui sets inline styles from script.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const ASSET_CACHE = 'public, max-age=86400';

export function registerDocsRoutes(app: Hono<AppEnv>): void {
  app.get('/docs', (c) => c.html(PAGE, 200, { 'content-security-policy': DOCS_CSP }));

  app.get('/docs/assets/start.js', (c) =>
    c.body(START_SCRIPT, 200, {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': ASSET_CACHE,
    }),
  );

  app.get('/docs/assets/:name', async (c, next) => {
    const name = c.req.param('name');
    if (!Object.hasOwn(DOCS_ASSETS, name)) return next();
    const content = await readDocsAsset(name as DocsAssetName);
    return c.body(new Uint8Array(content), 200, {
      'content-type': DOCS_ASSETS[name as DocsAssetName],
      'cache-control': ASSET_CACHE,
    });
  });
}
