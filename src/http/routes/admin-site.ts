import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MiddlewareHandler } from 'hono';
import { ADMIN_ASSET_CACHE, adminPageCsp } from '../admin-page-policy.js';
import type { AppEnv } from '../app-env.js';

/**
 * The admin console (packages/admin), a single-page app built by `npm run build` into dist/admin. The
 * container's bundle carries a copy beside it (dist/server/admin); from source the server reads dist/admin.
 */
const CANDIDATE_DIRECTORIES = [
  new URL('./admin/', import.meta.url), // beside a bundle (dist/server/index.mjs)
  new URL('../admin/', import.meta.url), // dist/<name>/index.mjs next to dist/admin
  new URL('../../../dist/admin/', import.meta.url), // from source: src/http/routes/
].map((url) => fileURLToPath(url));

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export interface AdminRoutesOptions {
  /** Where the built console is; by default the first of the candidates above that has an index.html. */
  directory?: string;
  /**
   * Origins product images are loaded from (the image CDN, the local S3: `https://cdn.example`), added to
   * the page's img-src. AppDeps carries it under the same name.
   */
  adminImageOrigins?: readonly string[];
  /** Origins the console uploads to (where presigned image upload URLs point), added to connect-src. */
  adminUploadOrigins?: readonly string[];
}

interface Built {
  directory: string;
  index: Buffer;
  assets: Set<string>;
}

const MISSING_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Admin console not built</title></head>
<body><main><h1>The admin console is not built</h1>
<p>Run <code>npm run build</code>: it builds the console into <code>dist/admin</code>, which this server serves at <code>/admin/</code>.</p>
</main></body></html>
`;

/**
 * What answers under /admin (registerAdminRoutes loads this module on the first such request): /admin
 * redirects to /admin/, the page itself is never cached without asking, hashed assets are immutable.
 */
export function createAdminSite(options: AdminRoutesOptions = {}): MiddlewareHandler<AppEnv> {
  const csp = adminPageCsp(options.adminImageOrigins, options.adminUploadOrigins);
  let built: Promise<Built | undefined> | undefined;
  // Read once and kept; when the build is missing it is looked for again on the next request.
  const load = () => {
    built ??= (async () => {
      const directory =
        options.directory ?? CANDIDATE_DIRECTORIES.find((dir) => existsSync(join(dir, 'index.html')));
      if (directory === undefined || !existsSync(join(directory, 'index.html'))) return undefined;
      const assets = existsSync(join(directory, 'assets'))
        ? new Set(await readdir(join(directory, 'assets')))
        : new Set<string>();
      return { directory, index: await readFile(join(directory, 'index.html')), assets };
    })();
    const current = built;
    current.then(
      (value) => {
        if (value === undefined && built === current) built = undefined;
      },
      () => {
        if (built === current) built = undefined;
      },
    );
    return current;
  };

  return async (c, next) => {
    const path = c.req.path;
    // Relative asset URLs (./assets/...) need the trailing slash; the redirect keeps any #token= fragment.
    if (path === '/admin') return c.body(null, 308, { location: 'admin/', 'cache-control': 'no-cache' });
    const site = await load();
    if (path === '/admin/') {
      if (site === undefined)
        return c.html(MISSING_PAGE, 503, {
          'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
          'cache-control': 'no-store',
        });
      return c.body(new Uint8Array(site.index) as Uint8Array<ArrayBuffer>, 200, {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': csp,
        'cache-control': 'no-cache',
        'referrer-policy': 'no-referrer',
      });
    }
    const name = path.startsWith('/admin/assets/') ? safeDecode(path.slice('/admin/assets/'.length)) : '';
    const type = CONTENT_TYPES[extname(name)];
    if (site === undefined || type === undefined || !site.assets.has(name)) return next();
    const body = await readFile(join(site.directory, 'assets', name));
    return c.body(new Uint8Array(body) as Uint8Array<ArrayBuffer>, 200, {
      'content-type': type,
      'cache-control': ADMIN_ASSET_CACHE,
    });
  };
}

/** A malformed escape (`%zz`) names no file: it gets the 404, not a 500. */
function safeDecode(name: string): string {
  try {
    return decodeURIComponent(name);
  } catch {
    return '';
  }
}
