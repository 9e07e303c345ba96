import type { Hono, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.js';
import type { AdminRoutesOptions } from './admin-site.js';

/**
 * GET /admin, /admin/ and /admin/assets/*: the admin console (packages/admin, built into dist/admin). The
 * code that serves it loads on the first such request, so it costs an API cold start nothing.
 */
export function registerAdminRoutes(app: Hono<AppEnv>, options: AdminRoutesOptions = {}): void {
  let site: Promise<MiddlewareHandler<AppEnv>> | undefined;
  app.get('/admin/*', async (c, next) => {
    site ??= import('./admin-site.js').then((m) => m.createAdminSite(options));
    return (await site)(c, next);
  });
}
