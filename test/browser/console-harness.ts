import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import type { S3Event } from 'aws-lambda';
import axe from 'axe-core';
import { Hono } from 'hono';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { expect, it } from 'vitest';
import { silentLogger } from '../../src/app/ports/logger.js';
import { createImageEventHandler } from '../../src/composition/image-event-handler.js';
import { loadApiConfig } from '../../src/config/config.js';
import { createApp } from '../../src/http/app.js';
import type { AppEnv } from '../../src/http/app-env.js';
import { createAdminSite } from '../../src/http/routes/admin-site.js';
import { startLocalS3 } from '../../src/local/s3.js';
import { startJobsApi } from '../fixtures/jobs/jobs-api-app.js';
import { type OrderingApi, startOrderingApi } from '../support/ordering-api.js';
import { CHROMIUM_ARGS, CHROMIUM_MISSING, CHROMIUM_NAMES, findChromium, inCi } from './find-chromium.js';

// What every browser test of the admin console (packages/admin) shares: the console built by Vite, the whole
// app with DynamoDB Local and PostgreSQL behind it on a real port, headless Chromium, axe-core, and the
// checks that no script error or CSP violation happened on a page.

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The browser, or undefined: then `reportMissingChromium` says why the browser tests did not run. */
export const CHROMIUM = findChromium();

/** Without Chromium: a failing test in CI (which must have it), a skipped one with the reason elsewhere. */
export function reportMissingChromium(file: string): void {
  if (CHROMIUM !== undefined) return;
  if (inCi()) {
    it('runs in Chromium, which CI must have', () => {
      expect.fail(`${CHROMIUM_MISSING} (on PATH: ${CHROMIUM_NAMES.join(', ')}).`);
    });
  } else {
    console.warn(`SKIPPED ${file}: ${CHROMIUM_MISSING}. CI runs it.`);
    it(CHROMIUM_MISSING, (context) => {
      context.skip('the admin console browser tests did not run here; CI runs them');
    });
  }
}

/**
 * Builds the console from source with its own Vite config into `outDir`, as `npm run build` does. Test
 * files running at the same time each build into a folder of their own: one build emptying the folder
 * another serves from would break that one's pages.
 */
export async function buildConsole(outDir: string): Promise<void> {
  await build({
    configFile: join(ROOT, 'packages/admin/vite.config.ts'),
    build: { outDir },
    logLevel: 'warn',
  });
}

export interface ConsoleStack {
  api: OrderingApi;
  /** The app's origin: the console is at `${url}/admin/`. */
  url: string;
  adminToken: string;
  /** One Chromium profile for the file (1280x800 by default); each test opens its pages in it. */
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * The ordering API on a port of its own, serving the console from `consoleDirectory` (by default where
 * the server finds it from source, dist/admin), and Chromium.
 *
 * @example
 *   const stack = await startConsoleStack({ consoleDirectory: built });
 *   const tracked = await openPage(stack.context);
 *   await tracked.page.goto(`${stack.url}/admin#token=${stack.adminToken}`);
 */
export async function startConsoleStack(options: { consoleDirectory?: string } = {}): Promise<ConsoleStack> {
  const api = await startOrderingApi();
  const served = await serveOnPort(consoleFetch(api, options.consoleDirectory));
  const adminToken = await api.token('admin', 'console-admin');
  const browser = await launchChromium();
  return {
    api,
    url: served.url,
    adminToken,
    context: browser.context,
    async close() {
      await browser.close();
      await served.close();
      await api.close();
    },
  };
}

/** `fetch` on a port of its own on loopback. */
async function serveOnPort(fetch: (request: Request) => Response | Promise<Response>) {
  const server = serve({ fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Headless Chromium with a profile of its own, 1280x800. */
async function launchChromium() {
  const userDataDir = await mkdtemp(join(tmpdir(), 'admin-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 800 },
  });
  return {
    context,
    async close() {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

export interface LocalConsoleStack {
  /** The app's origin: the console is at `${url}/admin/`. */
  url: string;
  adminToken: string;
  /** Authorization header of the same admin, for set-up through the API. */
  admin: { authorization: string };
  context: BrowserContext;
  /** DATA_DIR/jobs: the files POST /jobs may name. */
  jobsDir: string;
  /** The local S3 (image uploads and variants): `http://127.0.0.1:<port>`. */
  s3Origin: string;
  imageBucket: string;
  /** Categories the stack starts with (those of test/fixtures/jobs). */
  categoryIds: readonly string[];
  /** Waits until every image uploaded so far has been processed. */
  imagesSettled(): Promise<void>;
  /** Keeps uploads `processing` (their S3 events wait) until `releaseImageEvents`. */
  holdImageEvents(): void;
  /** Delivers the events held since `holdImageEvents`, and every later one at once. */
  releaseImageEvents(): void;
  /**
   * Grants what the server does not set up for a browser upload yet (docs/admin.md, "Images"): a CORS rule
   * on the image bucket for the console's origin, and the local S3 in the console page's connect-src and
   * img-src. Pages loaded after the call get the wider CSP.
   */
  close(): Promise<void>;
}

/**
 * The app as `npm start` wires it (createServices: jobs in child processes over DATA_DIR/jobs, product images
 * through a local S3 whose ObjectCreated events go to the image Lambda's handler in this process) on a port,
 * serving the console from `consoleDirectory` with the server's own page (CSP and all), and Chromium. No
 * ordering: the catalog, images and jobs only.
 *
 * @example
 *   const stack = await startLocalConsoleStack({ consoleDirectory: built });
 *   await writeFile(join(stack.jobsDir, 'catalog.csv'), csv);
 */
export async function startLocalConsoleStack(options: {
  consoleDirectory: string;
}): Promise<LocalConsoleStack> {
  const jobs = await startJobsApi();
  const imageBucket = 'slimshop-images-console';
  const pending = new Set<Promise<unknown>>();
  let handle: ReturnType<typeof createImageEventHandler> | undefined;
  // While `held` is set, uploads stay `processing`: their events wait there until released.
  let held: S3Event[] | undefined;
  const deliver = (event: S3Event) => {
    const run = handle?.(event);
    if (run === undefined) return;
    pending.add(run);
    void run.finally(() => pending.delete(run));
  };
  const s3 = await startLocalS3({
    dir: join(jobs.harness.dir, 's3'),
    buckets: [imageBucket],
    onEvent: (event) => (held === undefined ? deliver(event) : held.push(event)),
  });
  const env = { IMAGE_BUCKET: imageBucket, S3_ENDPOINT: s3.endpoint };
  const config = loadApiConfig({
    ...jobs.table.env,
    ...env,
    DATA_DIR: jobs.harness.dir,
    DATABASE_URL: 'postgres://unused:unused@127.0.0.1:9/unused',
  });
  handle = createImageEventHandler(
    { ...config, images: config.images as NonNullable<typeof config.images> },
    { logger: silentLogger },
  );
  const { services } = await jobs.start({ env });
  const app = createApp(services);
  const site = new Hono<AppEnv>();
  // The console page as the app serves it, with the image origins npm start derives from its S3.
  const page = createAdminSite({
    directory: options.consoleDirectory,
    ...(services.adminImageOrigins === undefined ? {} : { adminImageOrigins: services.adminImageOrigins }),
    ...(services.adminUploadOrigins === undefined ? {} : { adminUploadOrigins: services.adminUploadOrigins }),
  });
  site.get('/admin', page);
  site.get('/admin/*', page);
  const served = await serveOnPort((request) =>
    new URL(request.url).pathname.startsWith('/admin') ? site.fetch(request) : app.fetch(request),
  );
  const browser = await launchChromium();
  const authorization = String(jobs.admin.authorization);
  const imagesSettled = async () => {
    while (pending.size > 0) await Promise.allSettled([...pending]);
  };
  return {
    url: served.url,
    adminToken: authorization.replace(/^Bearer /, ''),
    admin: { authorization },
    context: browser.context,
    jobsDir: jobs.jobsDir,
    s3Origin: s3.endpoint,
    imageBucket,
    categoryIds: ['tea', 'coffee', 'cups'],
    imagesSettled,
    holdImageEvents: () => {
      held ??= [];
    },
    releaseImageEvents: () => {
      const events = held ?? [];
      held = undefined;
      for (const event of events) deliver(event);
    },
    async close() {
      held = undefined;
      await browser.close();
      await served.close();
      await imagesSettled();
      await s3.close();
      await jobs.close();
    },
  };
}

/** The app as it is, or with /admin answered from another build of the console. */
function consoleFetch(api: OrderingApi, directory: string | undefined) {
  if (directory === undefined) return api.app.fetch;
  const site = new Hono<AppEnv>();
  const handler = createAdminSite({ directory });
  site.get('/admin', handler);
  site.get('/admin/*', handler);
  return (request: Request, env?: unknown) =>
    new URL(request.url).pathname.startsWith('/admin')
      ? site.fetch(request, env)
      : api.app.fetch(request, env as never);
}

export interface TrackedPage {
  page: Page;
  pageErrors: string[];
  consoleErrors: string[];
}

/** A new tab that records script errors and console errors, for `expectNoScriptErrors`. */
export async function openPage(context: BrowserContext): Promise<TrackedPage> {
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const tracked: TrackedPage = { page, pageErrors: [], consoleErrors: [] };
  page.on('pageerror', (error) => tracked.pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') tracked.consoleErrors.push(message.text());
  });
  return tracked;
}

/** Closes the tab; a script error or a CSP violation anywhere fails the test, whatever it was about. */
export async function closeAndExpectNoScriptErrors(tracked: TrackedPage): Promise<void> {
  await tracked.page.close();
  expect(tracked.pageErrors).toEqual([]);
  expect(tracked.consoleErrors.filter((m) => /Content.Security.Policy|Refused to/i.test(m))).toEqual([]);
}

/** axe-core on the page as it is: no serious or critical violation (WCAG 2 A and AA rules). */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  await page.evaluate(axe.source);
  // A string: the root project has no DOM types; this runs in the page (CDP evaluation, outside its CSP).
  const violations = await page.evaluate<string[]>(`(async () => {
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => v.id + ' (' + v.impact + '): ' + v.nodes.map((n) => n.target.join(' ')).join(', '));
  })()`);
  expect(violations, `axe on ${what}`).toEqual([]);
}

/**
 * Where a test file's screenshots go: docs/admin (the pictures docs/admin.md shows) when run with
 * ADMIN_SCREENSHOTS=docs, else a temp folder that `dispose` removes.
 *
 * @example
 *   const shots = await screenshotFolder();
 *   await page.screenshot({ path: join(shots.path, 'orders.png') });
 *   await shots.dispose();
 */
export async function screenshotFolder(): Promise<{ path: string; dispose(): Promise<void> }> {
  const toDocs = process.env.ADMIN_SCREENSHOTS === 'docs';
  const path = toDocs ? join(ROOT, 'docs/admin') : await mkdtemp(join(tmpdir(), 'admin-shots-'));
  await mkdir(path, { recursive: true });
  return { path, dispose: () => (toDocs ? Promise.resolve() : rm(path, { recursive: true, force: true })) };
}

/**
 * Nothing wider than a tablet held upright (768x1024): the page does not scroll sideways there. Puts the
 * viewport back to 1280x800 after.
 *
 * @example
 *   await expectFitsTablet(page, 'the sales page');
 */
export async function expectFitsTablet(page: Page, what: string): Promise<void> {
  await page.setViewportSize({ width: 768, height: 1024 });
  expect(await page.evaluate<number>('document.documentElement.scrollWidth'), what).toBeLessThanOrEqual(768);
  await page.setViewportSize({ width: 1280, height: 800 });
}

/**
 * Presses Tab (at most `max` times) until the element with `id` has the focus; true when it got there, with
 * a visible focus ring (an outline that is not `none`).
 *
 * @example
 *   expect(await tabTo(page, 'image-file')).toBe(true);
 */
export async function tabTo(page: Page, id: string, max = 30): Promise<boolean> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if ((await page.evaluate<string>("document.activeElement?.id ?? ''")) === id)
      return (
        (await page.evaluate<string>('getComputedStyle(document.activeElement).outlineStyle')) !== 'none'
      );
  }
  return false;
}
