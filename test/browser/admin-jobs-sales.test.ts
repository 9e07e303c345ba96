import { mkdtemp, readFile, rm } from 'node:fs/promises';
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
  type LocalConsoleStack,
  openPage,
  reportMissingChromium,
  screenshotFolder,
  startConsoleStack,
  startLocalConsoleStack,
  type TrackedPage,
  tabTo,
} from './console-harness.js';

// The console's Sales and Imports and exports pages in headless Chromium. Sales runs against the ordering
// API (orders in PostgreSQL); imports against the app as `npm start` wires it (createServices: jobs in child
// processes, files uploaded to and downloaded from DATA_DIR/jobs through the links the API hands out). The
// console is built into a temp folder of its own.

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

      // A range the API refuses (over 366 days), from the keyboard: its 400 under the field it names.
      await page.getByLabel('From').fill('2020-01-01');
      await page.getByRole('heading', { name: 'Sales', level: 1 }).click();
      expect(await tabTo(page, 'sales-to')).toBe(true);
      await page.keyboard.press('Enter');
      const to = page.getByLabel('To (included)');
      await expect.poll(() => to.getAttribute('aria-invalid'), { timeout: 10_000 }).toBe('true');
      expect(await page.locator('#sales-to-error').textContent()).toMatch(/366/);
      await expectAccessible(page, 'the sales page with a field error');
      await expectFitsTablet(page, 'the sales page');
    });
  });

  describe('Imports and exports', () => {
    let stack: LocalConsoleStack;

    beforeAll(async () => {
      stack = await startLocalConsoleStack({ consoleDirectory: built });
    }, 120_000);
    afterAll(() => stack?.close());
    beforeEach(async () => {
      tracked = await openPage(stack.context);
      page = tracked.page;
    });
    afterEach(() => closeAndExpectNoScriptErrors(tracked));

    const openJobs = async () => {
      await page.goto(`${stack.url}/admin/#token=${stack.adminToken}`);
      await page.getByRole('heading', { name: 'Products' }).waitFor();
      await page
        .getByRole('navigation', { name: 'Sections' })
        .getByRole('link', { name: 'Imports and exports' })
        .click();
      await page.getByRole('heading', { name: 'Imports and exports', level: 1 }).waitFor();
    };
    /** Waits (a child process on a busy machine) until the job shown has finished. */
    const finished = () =>
      page.getByRole('heading', { level: 2, name: /succeeded|failed/ }).waitFor({ timeout: 80_000 });
    /** Clicks a download button and reads what the browser saved. */
    const downloaded = async (button: string) => {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: button }).click(),
      ]);
      return { name: download.suggestedFilename(), text: await readFile(await download.path(), 'utf8') };
    };

    it('uploads a CSV with a bad row and imports it: the summary counts it, the report downloads', async () => {
      const header = 'id,sku,name,description,price_amount,price_currency,category_id,status,tax_class';
      const [tea, coffee] = stack.categoryIds;
      const csv = [
        header,
        `imp-1,IMP-1,Green Tea,,450,EUR,${tea},active,reduced`,
        `imp-2,IMP-2,Dark Roast,,990,EUR,${coffee},active,`,
        `imp-3,IMP-3,Bad Price,,-5,EUR,${tea},active,`,
        '',
      ].join('\n');
      await openJobs();
      await expectAccessible(page, 'the jobs page');
      expect(await tabTo(page, 'job-file')).toBe(true);

      // Nothing chosen, then an empty file: said under the field, nothing sent.
      const form = page.getByRole('form', { name: 'Start a job' });
      const file = form.getByLabel('File to import');
      await form.getByRole('button', { name: 'Upload and import' }).click();
      await expect.poll(() => file.getAttribute('aria-invalid'), { timeout: 10_000 }).toBe('true');
      expect(await page.locator('#job-file-error').textContent()).toMatch(/choose a file/);
      await file.setInputFiles({ name: 'empty.csv', mimeType: 'text/csv', buffer: Buffer.alloc(0) });
      await form.getByRole('button', { name: 'Upload and import' }).click();
      await page.locator('#job-file-error', { hasText: 'the file is empty' }).waitFor();

      // A name from someone's desktop: uploaded under one the API takes, into DATA_DIR/jobs/uploads.
      await file.setInputFiles({ name: 'Katalog März.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
      await form.getByRole('button', { name: 'Upload and import' }).click();
      await page.waitForURL(/#\/jobs\/[^/]+$/);
      await finished();
      await page.getByRole('heading', { level: 2, name: 'import-catalog succeeded' }).waitFor();
      const summary = page.getByRole('definition');
      expect((await summary.allTextContents()).map((t) => t.trim())).toEqual(['3', '2', '0', '1']);
      expect((await page.getByRole('term').allTextContents()).map((t) => t.trim())).toEqual([
        'Rows read',
        'Imported',
        'Unchanged',
        'Rejected',
      ]);
      const location = (await page.locator('.job-file code').textContent()) as string;
      expect(location).toMatch(/^uploads\/[A-Za-z0-9_-]{20}\/Katalog-Marz\.csv\.rejected\.jsonl$/);
      expect(await readFile(join(stack.jobsDir, location.replace(/\.rejected\.jsonl$/, '')), 'utf8')).toBe(
        csv,
      );
      expect(await page.locator('#job-progress').getAttribute('value')).toBe('100');

      const report = await downloaded('Download the rejected rows');
      expect(report.name).toBe('Katalog-Marz.csv.rejected.jsonl');
      expect(JSON.parse(report.text.trim())).toMatchObject({ line: 4, id: 'imp-3' });
      // The new job heads the list of recent jobs, with its status in words.
      await page
        .getByRole('table')
        .getByRole('row', { name: /import-catalog uploads\/.+Katalog-Marz\.csv succeeded/ })
        .waitFor();
      await expectAccessible(page, 'a finished import');
      await shot('jobs-import');
      await expectFitsTablet(page, 'the jobs page');
    }, 150_000);

    it('exports the catalog and downloads the export; a path leading out is refused under the field', async () => {
      await openJobs();
      const form = page.getByRole('form', { name: 'Start a job' });
      await form.getByLabel('Job').selectOption({ label: 'Export products (CSV or JSONL)' });
      const out = form.getByLabel('File to write');
      await out.fill('../catalog.csv');
      await form.getByRole('button', { name: 'Start export' }).click();
      await expect.poll(() => out.getAttribute('aria-invalid'), { timeout: 10_000 }).toBe('true');
      expect(await page.locator('#job-file-error').textContent()).toMatch(/relative to the jobs folder|\.\./);

      await out.fill('exports/catalog.csv');
      await form.getByRole('button', { name: 'Start export' }).click();
      await page.waitForURL(/#\/jobs\/[^/]+$/);
      await finished();
      await page.getByRole('heading', { level: 2, name: 'export-catalog succeeded' }).waitFor();
      const exported = await downloaded('Download it');
      expect(exported.name).toBe('catalog.csv');
      expect(exported.text.split('\n')[0]).toMatch(/^id,sku,name/);
      expect(exported.text).toBe(await readFile(join(stack.jobsDir, 'exports/catalog.csv'), 'utf8'));
    }, 150_000);
  });
});
