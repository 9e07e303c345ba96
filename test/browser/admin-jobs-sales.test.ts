import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { json } from '../support/test-api.js';
import {
  buildConsole,
  CHROMIUM,
  type ConsoleStack,
  closeAndExpectNoScriptErrors,
  expectAccessible,
  expectFitsTablet,
  openPage,
  reportMissingChromium,
  screenshotFolder,
  startConsoleStack,
  type TrackedPage,
} from './console-harness.js';

// The console's Sales and Imports and exports pages in headless Chromium. Sales runs against the ordering
// API (orders in PostgreSQL); imports against the app as `npm start` wires it (createServices: jobs in child
// processes, files in DATA_DIR/jobs). The console is built into a temp folder of this file's own.

reportMissingChromium('test/browser/admin-jobs-sales.test.ts');

describe.skipIf(CHROMIUM === undefined)('the console’s sales and jobs pages', () => {
  let built: string;
  let screenshots: Awaited<ReturnType<typeof screenshotFolder>>;
  let tracked: TrackedPage;
  let page: Page;
  const shot = (name: string) =>
    page.screenshot({ path: join(screenshots.path, `${name}.png`), fullPage: false });

  beforeAll(async () => {
    built = await mkdtemp(join(tmpdir(), 'admin-console-build-'));
    await buildConsole(built);
    screenshots = await screenshotFolder();
  }, 120_000);

  afterAll(async () => {
    await screenshots?.dispose();
    if (built) await rm(built, { recursive: true, force: true });
  });

  describe('Sales', () => {
    let stack: ConsoleStack;

    beforeAll(async () => {
      stack = await startConsoleStack({ consoleDirectory: built });
    }, 120_000);
    afterAll(() => stack?.close());
    beforeEach(async () => {
      tracked = await openPage(stack.context);
      page = tracked.page;
    });
    afterEach(() => closeAndExpectNoScriptErrors(tracked));

    it('shows an order placed today in the chart, the table of days and the top products', async () => {
      const { api } = stack;
      const productId = await api.stockedProduct(10, { name: 'Sales Teapot' });
      const placed = await api.placeOrder(await api.customer('sally'), {
        items: [{ productId, quantity: 2 }],
      });
      expect(placed.status).toBe(201);
      const order = await json(placed);
      const today = new Date().toISOString().slice(0, 10);
      const revenue = `€${(order.subtotal.amount / 100).toFixed(2)}`;

      await page.goto(`${stack.url}/admin/#token=${stack.adminToken}`);
      await page.getByRole('heading', { name: 'Products' }).waitFor();
      await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Sales' }).click();
      await page.getByRole('heading', { name: 'Sales', level: 1 }).waitFor();

      // The table lists every day of the range; today's row has the order.
      const days = page.getByRole('table', { name: /Revenue per day in EUR/ });
      const todayRow = days.getByRole('row', { name: new RegExp(today) });
      await todayRow.waitFor();
      expect((await todayRow.getByRole('cell').allTextContents()).map((t) => t.trim())).toEqual([
        '1',
        '2',
        revenue,
      ]);
      expect(await days.getByRole('row').count()).toBe(31); // the header and 30 days

      // The chart says the same: its description, and a bar with today's amount (the tallest).
      const chart = page.getByRole('img', { name: /Revenue per day in EUR/ });
      expect(await chart.locator('desc').textContent()).toContain(`the best day ${today} with ${revenue}`);
      const bar = chart.locator('rect.bar', {
        has: page.locator('title', { hasText: `${today}: ${revenue}` }),
      });
      expect(Number(await bar.getAttribute('height'))).toBeGreaterThan(100);

      const top = page.getByRole('table', { name: /Top products/ });
      expect(
        await top
          .getByRole('row', { name: /Sales Teapot/ })
          .getByRole('cell')
          .allTextContents(),
      ).toEqual(['1', '2', revenue]);
      await expectAccessible(page, 'the sales page');
      await shot('sales');

      // A range the API refuses (over 366 days): its 400 under the field it names.
      await page.getByLabel('From').fill('2020-01-01');
      await page.getByRole('button', { name: 'Show' }).click();
      const to = page.getByLabel('To (included)');
      await expect.poll(() => to.getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('#sales-to-error').textContent()).toMatch(/366/);
      await expectAccessible(page, 'the sales page with a field error');
      await expectFitsTablet(page, 'the sales page');
    });
  });
});
