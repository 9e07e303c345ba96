import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { OrderingApi } from '../support/ordering-api.js';
import { JSON_HEADERS, json } from '../support/test-api.js';
import {
  buildConsole,
  CHROMIUM,
  type ConsoleStack,
  closeAndExpectNoScriptErrors,
  expectAccessible,
  openPage,
  reportMissingChromium,
  screenshotFolder,
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
    let screenshots: Awaited<ReturnType<typeof screenshotFolder>>;
    const shot = (name: string) =>
      page.screenshot({ path: join(screenshots.path, `${name}.png`), fullPage: false });

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
      screenshots = await screenshotFolder();
    }, 120_000);

    afterAll(async () => {
      await stack?.close();
      await screenshots?.dispose();
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
      await shot('categories-cycle-error');
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
      await shot('inventory-stock-dialog');
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
      await page.getByLabel('Low stock: at most (units)').fill('');
      await shot('inventory');
      await expectFitsTablet('the inventory page');
    });

    it('creates a shipping method, a tax rate and a discount code that the next quote prices with', async () => {
      const productId = await api.stockedProduct(10, { name: 'Quote Teapot' });
      await open('#/checkout-settings');
      await page.getByRole('heading', { name: 'Shipping, tax, discounts', level: 1 }).waitFor();
      await expectAccessible(page, 'the checkout settings page');

      const shipping = form('New shipping method');
      await shipping.getByLabel('Id').fill('console-post');
      await shipping.getByLabel('Name').fill('Console Post');
      await shipping.getByLabel('Countries').fill('fr, be');
      // Amounts are typed in major units and checked before anything is sent.
      await shipping.getByLabel('Price').fill('4,90');
      await shipping.getByRole('button', { name: 'Save shipping method' }).click();
      await expect.poll(() => shipping.getByLabel('Price').getAttribute('aria-invalid')).toBe('true');
      expect((await api.request('/shipping-methods/console-post', { headers: api.admin })).status).toBe(404);
      await expectAccessible(page, 'the shipping form with a field error');
      await shipping.getByLabel('Price').fill('4.90');
      await shipping.getByRole('button', { name: 'Save shipping method' }).click();
      await page.getByText('Created shipping method “Console Post” (console-post).').waitFor();
      await page.getByRole('row').filter({ hasText: 'Console Post' }).getByText('€4.90').waitFor();

      const tax = form("Set a country's rates");
      // The API's 400 on path.country shows under Country.
      await tax.getByLabel('Country').fill('EU');
      await tax.getByLabel('Standard rate (%)').fill('20');
      await tax.getByLabel('Reduced rate (%)').fill('5.5');
      await tax.getByRole('button', { name: 'Save tax rates' }).click();
      await expect.poll(() => tax.getByLabel('Country').getAttribute('aria-invalid')).toBe('true');
      await tax.getByLabel('Country').fill('FR');
      await tax.getByLabel('Standard rate (%)').fill('20');
      await tax.getByLabel('Reduced rate (%)').fill('5.5');
      await tax.getByRole('button', { name: 'Save tax rates' }).click();
      await page.getByText('Saved the tax rates of FR.').waitFor();

      const discount = form('Create or replace a code');
      await discount.getByLabel('Code').fill('console5');
      await discount.getByLabel('Kind').selectOption('fixed');
      await discount.getByLabel('Amount off').fill('5');
      await discount.getByRole('button', { name: 'Save discount code' }).click();
      await page.getByText('Created discount code CONSOLE5.').waitFor();
      await page.getByRole('button', { name: 'Edit CONSOLE5' }).click();
      await page.getByText('Editing CONSOLE5: redeemed 0 times so far.').waitFor();
      expect(await discount.getByLabel('Amount off').inputValue()).toBe('5.00');
      await expectAccessible(page, 'the checkout settings with a row in each list');
      await page.evaluate('window.scrollTo(0, 0)');
      await shot('checkout-settings');
      await expectFitsTablet('the checkout settings page');

      expect(await json(await api.request('/discount-codes/console5', { headers: api.admin }))).toMatchObject(
        {
          code: 'CONSOLE5',
          type: 'fixed',
          value: { amount: 500, currency: 'EUR' },
          active: true,
        },
      );
      const shopper = await api.customer('quote-shopper');
      const cart = await json(
        await api.request('/carts', { method: 'POST', headers: { ...shopper, ...JSON_HEADERS }, body: '{}' }),
      );
      const added = await api.request(`/carts/${cart.id}/items/${productId}`, {
        method: 'PUT',
        headers: { ...shopper, ...JSON_HEADERS },
        body: JSON.stringify({ quantity: 2 }),
      });
      expect(added.status).toBe(200);
      const quote = async () =>
        json(
          await api.request(`/carts/${cart.id}/quote`, {
            method: 'POST',
            headers: { ...shopper, ...JSON_HEADERS },
            body: JSON.stringify({
              shippingAddress: {
                name: 'Ada',
                line1: '1 rue de Rivoli',
                postalCode: '75001',
                city: 'Paris',
                country: 'FR',
              },
              shippingMethodId: 'console-post',
              discountCode: 'console5',
            }),
          }),
        );
      // 2 x 14.50 = 29.00, less 5.00, plus 4.90 shipping; VAT at the French 20 % is inside the prices.
      await expect.poll(quote).toMatchObject({
        shipping: { methodId: 'console-post', amount: { amount: 490, currency: 'EUR' }, taxRate: 20 },
        discount: { code: 'CONSOLE5', amount: { amount: 500, currency: 'EUR' } },
        items: [expect.objectContaining({ taxRate: 20 })],
        total: { amount: 2890, currency: 'EUR' },
      });
    });

    it('is usable from the keyboard: to Inventory, into the stock dialog, and back out with Escape', async () => {
      await api.stockedProduct(4, { name: 'Keyboard Kettle' });
      await open('#/products');
      await page.getByRole('heading', { name: 'Products', level: 1 }).waitFor();
      const focusedText = () => page.evaluate<string>("document.activeElement?.textContent?.trim() ?? ''");
      const tabTo = async (text: string) => {
        for (let i = 0; i < 40 && (await focusedText()) !== text; i++) await page.keyboard.press('Tab');
        expect(await focusedText()).toBe(text);
        expect(await page.evaluate<string>('getComputedStyle(document.activeElement).outlineStyle')).not.toBe(
          'none',
        );
      };
      await tabTo('Inventory');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Inventory', level: 1 }).waitFor();
      await page.getByRole('button', { name: 'Change stock of Keyboard Kettle' }).waitFor();
      await tabTo('Change stock of Keyboard Kettle…');
      await page.keyboard.press('Enter');
      const dialog = page.getByRole('dialog', { name: 'Stock of Keyboard Kettle' });
      await dialog.waitFor();
      // The dialog takes focus (the first field), and Escape gives it back to the button that opened it.
      expect(await page.evaluate<string>("document.activeElement?.closest('dialog') ? 'in' : 'out'")).toBe(
        'in',
      );
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
      expect(await focusedText()).toBe('Change stock of Keyboard Kettle…');
      // Away and back: a page loaded once (its own chunk) shows again at once.
      await page.getByRole('link', { name: 'Categories' }).click();
      await page.getByRole('heading', { name: 'Categories', level: 1 }).waitFor();
      await page.getByRole('link', { name: 'Inventory' }).click();
      await page.getByRole('button', { name: 'Change stock of Keyboard Kettle' }).waitFor();
    });
  },
);
