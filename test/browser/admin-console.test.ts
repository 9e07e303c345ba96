import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { OrderingApi } from '../support/ordering-api.js';
import { json } from '../support/test-api.js';
import {
  buildConsole,
  CHROMIUM,
  type ConsoleStack,
  closeAndExpectNoScriptErrors,
  expectAccessible as expectAccessibleOn,
  openPage,
  reportMissingChromium,
  screenshotFolder,
  startConsoleStack,
  type TrackedPage,
} from './console-harness.js';

// The admin console (packages/admin) in headless Chromium against the whole app, with DynamoDB Local and
// PostgreSQL behind it. The console is built once, here, into a temp folder the app serves it from: the
// tests run what `npm run build` ships, never a stale build, and never race `npm start` (or another test)
// swapping a build into dist/admin.

const DIST = await mkdtemp(join(tmpdir(), 'admin-console-dist-'));
const INITIAL_JS_BUDGET_GZIP = 150 * 1024;

reportMissingChromium('test/browser/admin-console.test.ts');

beforeAll(async () => {
  await buildConsole(DIST);
}, 120_000);
afterAll(() => rm(DIST, { recursive: true, force: true }));

/** The scripts index.html loads before anything runs: its module script and the modules it preloads. */
async function initialScripts(): Promise<string[]> {
  const html = await readFile(join(DIST, 'index.html'), 'utf8');
  const urls = [
    ...html.matchAll(/<script[^>]+src="([^"]+)"/g),
    ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g),
  ].map((match) => match[1] as string);
  return urls.map((url) => join(DIST, url));
}

describe('the admin console build', () => {
  it('loads at most 150 KB of JavaScript (gzip) before the first page shows', async () => {
    const scripts = await initialScripts();
    expect(scripts.length).toBeGreaterThan(0);
    let total = 0;
    for (const file of scripts) total += gzipSync(await readFile(file), { level: 9 }).length;
    expect(total).toBeLessThanOrEqual(INITIAL_JS_BUDGET_GZIP);
  });

  it('has no inline script and loads nothing from another origin', async () => {
    const html = await readFile(join(DIST, 'index.html'), 'utf8');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  });
});

describe.skipIf(CHROMIUM === undefined)('the admin console in headless Chromium', () => {
  let stack: ConsoleStack;
  let api: OrderingApi;
  let url: string;
  let screenshots: Awaited<ReturnType<typeof screenshotFolder>>;
  let tracked: TrackedPage;
  let page: Page;
  let adminToken: string;

  // Done once the console has taken the token out of the address (it reads config.json first): a
  // navigation before that would race it.
  const signIn = async (token = adminToken) => {
    await page.goto(`${url}/admin#token=${token}`);
    // Polled from here (the page's URL follows history.replaceState): waitForFunction would evaluate its
    // predicate with eval() in the page once it has to poll there, which the console's CSP refuses.
    await expect.poll(() => page.url(), { timeout: 10_000 }).not.toContain('token=');
  };

  const expectAccessible = (what: string) => expectAccessibleOn(page, what);

  const shot = (name: string) =>
    page.screenshot({ path: join(screenshots.path, `${name}.png`), fullPage: false });

  beforeAll(async () => {
    stack = await startConsoleStack({ consoleDirectory: DIST });
    ({ api, url, adminToken } = stack);
    await api.stockedProduct(100, { name: 'Stoneware Mug' });
    screenshots = await screenshotFolder();
  }, 90_000);

  afterAll(async () => {
    await stack?.close();
    await screenshots?.dispose();
  });

  beforeEach(async () => {
    tracked = await openPage(stack.context);
    page = tracked.page;
  });

  afterEach(async () => {
    // A script error or a CSP violation anywhere fails the test, whatever it was about.
    await closeAndExpectNoScriptErrors(tracked);
  });

  it('signs in from the link: the token moves to sessionStorage and leaves the URL', async () => {
    await signIn();
    await page.getByRole('heading', { name: 'Products' }).waitFor();
    expect(new URL(page.url()).hash).toBe('#/products');
    expect(await page.evaluate("sessionStorage.getItem('slimshop.admin.token')")).toBe(adminToken);
    await expect.poll(() => page.locator('tbody tr').count()).toBeGreaterThan(0);
    await expectAccessible('the products list');
    await shot('products');
  });

  it('tells a customer that the console needs the admin role', async () => {
    await signIn(await api.token('customer', 'alice'));
    await page.getByText('This console needs the admin role').waitFor();
    await expectAccessible('the not-an-admin page');
  });

  it('signs out, saying why, when the API refuses the token (401)', async () => {
    const [header, payload] = adminToken.split('.');
    await signIn(`${header}.${payload}.not-the-signature`);
    await page.getByText('Your sign-in has expired or is not valid here').waitFor();
    expect(await page.evaluate("sessionStorage.getItem('slimshop.admin.token')")).toBeNull();
    await expectAccessible('the signed-out page');
  });

  it('searches, filters and pages through products with cursors (Next, then Previous)', async () => {
    const draft = (name: string, i: number) =>
      api.catalog.createProduct({
        sku: `PAGER-${i}-${Date.now()}`,
        name,
        price: { amount: 1000 + i, currency: 'EUR' },
        categoryId: 'shop',
        status: 'draft',
      } as Parameters<typeof api.catalog.createProduct>[0]);
    // 23 drafts: a page of 20, then 3.
    for (let i = 0; i < 22; i++) await draft(`Pager lamp ${String(i).padStart(2, '0')}`, i);
    await draft('Pager teacup', 22);
    const rows = () => page.locator('tbody tr').allTextContents();
    await signIn();
    await page.getByLabel('Status').selectOption('draft');
    await page.getByLabel('Sort').selectOption('name');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(async () => (await rows()).length).toBe(20);
    expect((await rows())[0]).toContain('Pager lamp 00');
    const next = page.getByRole('button', { name: 'Next' });
    await next.click();
    await expect
      .poll(rows)
      .toEqual([
        expect.stringContaining('Pager lamp 20'),
        expect.stringContaining('Pager lamp 21'),
        expect.stringContaining('Pager teacup'),
      ]);
    expect(await next.isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Previous' }).click();
    await expect.poll(async () => (await rows())[0]).toContain('Pager lamp 00');

    await page.getByLabel('Search').fill('teacup');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(rows).toEqual([expect.stringContaining('Pager teacup')]);
  });

  it('creates a product: a field error from the API shows next to its field, then the fixed form saves', async () => {
    await signIn();
    await page.getByRole('link', { name: 'New product' }).click();
    await page.getByLabel('SKU').fill(`CONSOLE-${Date.now()}`);
    await page.getByLabel('Name').fill('Console Mug');
    await page.getByLabel('Price', { exact: true }).fill('twelve');
    await page.getByLabel('Category').selectOption('shop');
    await page.getByRole('button', { name: 'Create product' }).click();

    const priceError = page.locator('#price-error');
    await priceError.waitFor();
    expect(await page.getByLabel('Price', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await expectAccessible('the product form with a field error');
    await shot('product-field-error');

    await page.getByLabel('Price', { exact: true }).fill('12.50');
    await page.getByRole('button', { name: 'Create product' }).click();
    await page.waitForURL(/#\/products\/(?!new$)[^/]+$/);
    const id = decodeURIComponent(new URL(page.url()).hash.split('/')[2] ?? '');
    const created = await json(await api.request(`/products/${id}`, { headers: api.admin }));
    expect(created).toMatchObject({ name: 'Console Mug', price: { amount: 1250, currency: 'EUR' } });
    await page.getByRole('heading', { name: 'Edit Console Mug' }).waitFor();
  });

  it('a save over a concurrent edit opens "changed by someone else": overwrite puts mine over theirs', async () => {
    const id = await api.stockedProduct(5, { name: 'Race Kettle' });
    await signIn();
    await page.goto(`${url}/admin/#/products/${id}`);
    await page.getByRole('heading', { name: 'Edit Race Kettle' }).waitFor();

    // Someone else saves first.
    const current = await api.request(`/products/${id}`, { headers: api.admin });
    const theirs = await api.request(`/products/${id}`, {
      method: 'PATCH',
      headers: {
        ...api.admin,
        'content-type': 'application/merge-patch+json',
        'if-match': current.headers.get('etag') ?? '',
      },
      body: JSON.stringify({ description: 'Their description' }),
    });
    expect(theirs.status).toBe(200);

    await page.getByLabel('Name').fill('Race Kettle (mine)');
    await page.getByRole('button', { name: 'Save changes' }).click();
    const dialog = page.getByRole('dialog', { name: 'Changed by someone else' });
    await dialog.waitFor();
    await expectAccessible('the 412 dialog');
    await shot('product-conflict');
    await dialog.getByRole('button', { name: 'Overwrite with mine' }).click();
    await page.getByText(/Saved version/).waitFor();
    const saved = await json(await api.request(`/products/${id}`, { headers: api.admin }));
    expect(saved.name).toBe('Race Kettle (mine)');
  });

  it('changes a product status and deletes a product after confirmation', async () => {
    const id = await api.stockedProduct(1, { name: 'Short-lived Spoon', status: 'draft' });
    await signIn();
    await page.goto(`${url}/admin/#/products/${id}`);
    await page.getByRole('heading', { name: 'Edit Short-lived Spoon' }).waitFor();
    await page.getByLabel('Status').selectOption('active');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText(/Saved version/).waitFor();
    expect((await json(await api.request(`/products/${id}`, { headers: api.admin }))).status).toBe('active');

    await page.getByRole('button', { name: 'Delete…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete this product?' });
    await dialog.waitFor();
    await expectAccessible('the delete confirmation');
    await dialog.getByRole('button', { name: 'Delete product' }).click();
    await page.waitForURL(/#\/products$/);
    expect((await api.request(`/products/${id}`, { headers: api.admin })).status).toBe(404);
  });

  it('an order placed through the API is paid and shipped from the console', async () => {
    const productId = await api.stockedProduct(10, { name: 'Order Teapot' });
    const customer = await api.customer('bob');
    const placed = await api.placeOrder(customer, { items: [{ productId, quantity: 2 }] });
    expect(placed.status).toBe(201);
    const order = await json(placed);

    await signIn();
    await page.getByRole('link', { name: 'Orders' }).click();
    await page.getByRole('heading', { name: 'Orders' }).waitFor();
    await page.getByRole('link', { name: order.id }).waitFor();
    await expectAccessible('the orders list');
    await shot('orders');
    await page.getByRole('link', { name: order.id }).click();
    await page.getByRole('heading', { name: `Order ${order.id}` }).waitFor();
    expect(await page.getByRole('row', { name: /Order Teapot/ }).count()).toBe(1);

    await page.getByRole('button', { name: 'Mark as paid' }).click();
    await page.getByText('The order is now paid.').waitFor();
    await page.getByRole('button', { name: 'Mark as shipped' }).click();
    await page.getByText('The order is now shipped.').waitFor();
    await page.getByRole('button', { name: 'Mark as delivered' }).waitFor();
    expect(await page.getByRole('button', { name: 'Cancel order…' }).count()).toBe(0);
    await expectAccessible('the order detail');
    await shot('order-detail');
    const shipped = await json(await api.request(`/orders/${order.id}`, { headers: api.admin }));
    expect(shipped.status).toBe('shipped');
  });

  it('cancels an order only after confirmation, and fits a tablet held upright', async () => {
    const productId = await api.stockedProduct(3, { name: 'Cancel Cup' });
    const order = await json(
      await api.placeOrder(await api.customer('carol'), { items: [{ productId, quantity: 1 }] }),
    );
    await page.setViewportSize({ width: 768, height: 1024 });
    await signIn();
    await page.goto(`${url}/admin/#/orders/${order.id}`);
    await page.getByRole('button', { name: 'Cancel order…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Cancel this order?' });
    await dialog.getByRole('button', { name: 'Keep it' }).click();
    expect((await json(await api.request(`/orders/${order.id}`, { headers: api.admin }))).status).toBe(
      'placed',
    );
    await page.getByRole('button', { name: 'Cancel order…' }).click();
    await dialog.getByRole('button', { name: 'Cancel order' }).click();
    await page.getByText('The order is now cancelled.').waitFor();
    // Nothing wider than the screen: the page does not scroll sideways on a tablet.
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(768);
    await shot('order-tablet');
  });

  it('is usable from the keyboard: the navigation is reachable by Tab and shows focus', async () => {
    await signIn();
    await page.getByRole('heading', { name: 'Products' }).waitFor();
    const focused: string[] = [];
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press('Tab');
      focused.push(await page.evaluate<string>("document.activeElement?.textContent?.trim() ?? ''"));
    }
    expect(focused).toEqual(expect.arrayContaining(['Skip to content', 'Products', 'Orders']));
    const outline = await page.evaluate<string>('getComputedStyle(document.activeElement).outlineStyle');
    expect(outline).not.toBe('none');
  });
});
