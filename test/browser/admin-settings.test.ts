import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { OrderingApi } from '../support/ordering-api.js';
import { json } from '../support/test-api.js';
import {
  buildConsole,
  CHROMIUM,
  type ConsoleStack,
  closeAndExpectNoScriptErrors,
  expectAccessible,
  openPage,
  reportMissingChromium,
  startConsoleStack,
  type TrackedPage,
} from './console-harness.js';

// The console's categories, inventory and checkout settings pages in headless Chromium against the whole
// app (DynamoDB Local, PostgreSQL). This file builds the console into a temp folder of its own and serves
// it from there, so it never races admin-console.test.ts, which builds into dist/admin at the same time.

reportMissingChromium('test/browser/admin-settings.test.ts');

describe.skipIf(CHROMIUM === undefined)(
  'the console pages for categories, stock and checkout settings',
  () => {
    let built: string;
    let stack: ConsoleStack;
    let api: OrderingApi;
    let tracked: TrackedPage;
    let page: Page;

    const open = async (fragment: string) => {
      await page.goto(`${stack.url}/admin/#token=${stack.adminToken}`);
      await page.getByRole('heading', { name: 'Products' }).waitFor();
      await page.goto(`${stack.url}/admin/${fragment}`);
    };
    /** Nothing wider than the screen: the page does not scroll sideways on a tablet held upright. */
    const expectFitsTablet = async (what: string) => {
      await page.setViewportSize({ width: 768, height: 1024 });
      expect(await page.evaluate<number>('document.documentElement.scrollWidth'), what).toBeLessThanOrEqual(
        768,
      );
      await page.setViewportSize({ width: 1280, height: 800 });
    };
    const form = (name: string) => page.getByRole('form', { name });

    beforeAll(async () => {
      built = await mkdtemp(join(tmpdir(), 'admin-console-build-'));
      await buildConsole(built);
      stack = await startConsoleStack({ consoleDirectory: built });
      api = stack.api;
    }, 120_000);

    afterAll(async () => {
      await stack?.close();
      if (built) await rm(built, { recursive: true, force: true });
    });

    beforeEach(async () => {
      tracked = await openPage(stack.context);
      page = tracked.page;
    });

    afterEach(async () => {
      await closeAndExpectNoScriptErrors(tracked);
    });

    it('creates categories, moves one under another, and shows the cycle error next to Parent', async () => {
      await open('#/categories');
      await page.getByRole('heading', { name: 'Categories', level: 1 }).waitFor();
      const create = async (name: string) => {
        const newForm = form('New category');
        await newForm.getByLabel('Name').fill(name);
        await newForm.getByRole('button', { name: 'Create category' }).click();
        await page.getByText(`Created “${name}”`).waitFor();
      };
      await create('Teaware');
      await create('Teacups');
      const tree = page.getByRole('region', { name: 'Tree' });
      const item = (name: string): Locator =>
        tree
          .getByRole('listitem')
          .filter({ has: page.getByRole('link', { name, exact: true }) })
          .last();

      await tree.getByRole('link', { name: 'Teacups', exact: true }).click();
      const edit = form('Edit Teacups');
      await edit.getByLabel('Parent').selectOption({ label: 'Teaware' });
      await edit.getByRole('button', { name: 'Save category' }).click();
      await page.getByText('Saved “Teacups”').waitFor();
      // Nested: Teacups is an item of the list inside Teaware's item.
      await expect
        .poll(() => item('Teaware').getByRole('list').getByRole('link', { name: 'Teacups' }).count())
        .toBe(1);
      const cupsId = decodeURIComponent(new URL(page.url()).hash.split('/')[2] ?? '');
      const teawareId = (await json(await api.request(`/categories/${cupsId}`))).parentId;
      expect((await json(await api.request(`/categories/${teawareId}`))).name).toBe('Teaware');
      await expectAccessible(page, 'the category tree and forms');

      // Teaware under its own child: the API refuses (422 on parentId), the message sits under Parent.
      await tree.getByRole('link', { name: 'Teaware', exact: true }).click();
      const editParent = form('Edit Teaware');
      await editParent.getByLabel('Parent').selectOption({ label: 'Teaware / Teacups' });
      await editParent.getByRole('button', { name: 'Save category' }).click();
      const parent = editParent.getByLabel('Parent');
      await expect.poll(() => parent.getAttribute('aria-invalid')).toBe('true');
      const describedBy = (await parent.getAttribute('aria-describedby')) ?? '';
      const errorId = describedBy.split(' ').find((id) => id.endsWith('-error')) ?? 'none';
      expect(await page.locator(`[id="${errorId}"]`).textContent()).toContain('its own ancestor');
      expect((await json(await api.request(`/categories/${teawareId}`))).parentId).toBeUndefined();
      await expectAccessible(page, 'the category form with the cycle error');
      await expectFitsTablet('the categories page');
    });

    it('sets a product count, adjusts it with a reason, and filters the page to low stock', async () => {
      const jarId = await api.stockedProduct(5, { name: 'Stock Jar' });
      await api.stockedProduct(2, { name: 'Stock Lid' });
      await open('#/inventory');
      await page.getByRole('heading', { name: 'Inventory', level: 1 }).waitFor();
      const row = (name: string) => page.getByRole('row').filter({ hasText: name });
      const available = async (name: string) =>
        (await row(name).getByRole('cell').nth(3).textContent())?.trim();
      await expect.poll(() => available('Stock Jar')).toBe('5');
      await expectAccessible(page, 'the inventory list');

      await row('Stock Jar').getByRole('button', { name: 'Change stock of Stock Jar' }).click();
      const dialog = page.getByRole('dialog', { name: 'Stock of Stock Jar' });
      await dialog.waitFor();
      await expectAccessible(page, 'the stock dialog');
      await dialog.getByLabel('Available units').fill('40');
      await dialog.getByRole('button', { name: 'Set count' }).click();
      await page.getByText('Stock Jar now has 40 available (count set).').waitFor();
      await expect.poll(() => available('Stock Jar')).toBe('40');

      await row('Stock Jar').getByRole('button', { name: 'Change stock of Stock Jar' }).click();
      // Too much taken away: the API's 409 shows under the field, and nothing changes.
      await dialog.getByLabel('Change by').fill('-41');
      await dialog.getByLabel('Reason').fill('damaged in the warehouse');
      await dialog.getByRole('button', { name: 'Adjust stock' }).click();
      await dialog.getByText('Stock cannot go below zero.').waitFor();
      expect(await dialog.getByLabel('Change by').getAttribute('aria-invalid')).toBe('true');
      await dialog.getByLabel('Change by').fill('-3');
      await dialog.getByRole('button', { name: 'Adjust stock' }).click();
      await page.getByText('Stock Jar now has 37 available (-3, damaged in the warehouse).').waitFor();
      await expect.poll(() => available('Stock Jar')).toBe('37');
      expect(await api.available(jarId)).toBe(37);
      const { rows } = await api.database.pool.query(
        'SELECT delta, reason FROM inventory_adjustments WHERE product_id = $1 ORDER BY id',
        [jarId],
      );
      expect(rows.slice(-2)).toEqual([
        { delta: 35, reason: 'set' },
        { delta: -3, reason: 'damaged in the warehouse' },
      ]);

      // The low-stock filter narrows the page on screen.
      await page.getByLabel('Low stock: at most (units)').fill('10');
      await expect.poll(() => row('Stock Jar').count()).toBe(0);
      expect(await available('Stock Lid')).toBe('2');
      await expectAccessible(page, 'the inventory list filtered to low stock');
      await expectFitsTablet('the inventory page');
    });
  },
);
