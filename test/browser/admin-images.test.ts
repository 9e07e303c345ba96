import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exifRotatedJpeg } from '../fixtures/images/fixtures.js';
import { JSON_HEADERS, json } from '../support/test-api.js';
import {
  buildConsole,
  CHROMIUM,
  closeAndExpectNoScriptErrors,
  expectAccessible,
  expectFitsTablet,
  type LocalConsoleStack,
  openPage,
  reportMissingChromium,
  screenshotFolder,
  startLocalConsoleStack,
  tabTo,
} from './console-harness.js';

// A product's images page in headless Chromium against the app as `npm start` wires it: the API presigns,
// the browser PUTs the bytes to the local S3 (s3rver), whose ObjectCreated event runs the image Lambda's
// handler in this process; the page polls the product until the image is ready.
//
// The page's Content-Security-Policy lets it connect to the storage the presigned URLs point at (the local S3
// here) and show images from it, and the local S3 allows the browser's PUT (CORS), as npm start sets them up.

reportMissingChromium('test/browser/admin-images.test.ts');

/** Text a client would call photo.jpg: the processor refuses it (its format is sniffed from the bytes). */
const NOT_AN_IMAGE = 'This is not a photo, whatever its name says.\n'.repeat(20);

describe.skipIf(CHROMIUM === undefined)('the console’s product images page', () => {
  let built: string;
  let stack: LocalConsoleStack;
  let screenshots: Awaited<ReturnType<typeof screenshotFolder>>;

  const createProduct = async (name: string): Promise<string> => {
    const response = await fetch(`${stack.url}/products`, {
      method: 'POST',
      headers: { ...stack.admin, ...JSON_HEADERS },
      body: JSON.stringify({
        sku: `IMG-${Date.now()}`,
        name,
        price: { amount: 2500, currency: 'EUR' },
        categoryId: stack.categoryIds[0],
        status: 'active',
      }),
    });
    expect(response.status).toBe(201);
    return (await json(response)).id;
  };
  const imagesOf = async (id: string) =>
    (await json(await fetch(`${stack.url}/products/${id}`))).images ?? [];
  const openImages = async (page: Page, id: string, name: string) => {
    await page.goto(`${stack.url}/admin/#token=${stack.adminToken}`);
    await page.getByRole('heading', { name: 'Products' }).waitFor();
    await page.goto(`${stack.url}/admin/#/products/${id}`);
    await page.getByRole('link', { name: 'Images of this product' }).click();
    await page.getByRole('heading', { name: `Images of ${name}` }).waitFor();
  };

  beforeAll(async () => {
    built = await mkdtemp(join(tmpdir(), 'admin-console-build-'));
    await buildConsole(built);
    stack = await startLocalConsoleStack({ consoleDirectory: built });
    screenshots = await screenshotFolder();
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
    await screenshots?.dispose();
    if (built) await rm(built, { recursive: true, force: true });
  });

  it('says so when the browser cannot reach the storage, and leaves no image behind', async () => {
    const tracked = await openPage(stack.context);
    const { page } = tracked;
    // The storage unreachable from this browser (a network fault, a proxy): every request to it fails.
    await page.route(`${stack.s3Origin}/**`, (route) => route.abort('connectionrefused'));
    const id = await createProduct('Plain Print');
    await openImages(page, id, 'Plain Print');
    // The file input is reached by Tab from the top of the page, with a visible focus ring.
    expect(await tabTo(page, 'image-file')).toBe(true);
    await page.getByLabel('Image file').setInputFiles({
      name: 'print.jpg',
      mimeType: 'image/jpeg',
      buffer: await exifRotatedJpeg(),
    });
    await page.getByText(/could not reach the storage/).waitFor();
    await page.getByText('This product has no images yet.').waitFor();
    expect(await imagesOf(id)).toEqual([]);
    await expectAccessible(page, 'the images page after a refused upload');
    await page.close();
    expect(tracked.pageErrors).toEqual([]);
  }, 60_000);

  it('uploads a photo with progress, shows it processing then ready (without a reload) with its variants, and deletes a failed one', async () => {
    const tracked = await openPage(stack.context);
    const { page } = tracked;
    const id = await createProduct('Framed Print');
    await openImages(page, id, 'Framed Print');
    await page.getByText('This product has no images yet.').waitFor();
    await expectAccessible(page, 'the images page, empty');

    // The keyboard path: the file input is a labelled control of its own. The image's processing waits
    // until released, so the page shows it `processing` first and turns it `ready` by itself (polling).
    stack.holdImageEvents();
    await page.getByLabel('Image file').setInputFiles({
      name: 'print.jpg',
      mimeType: 'image/jpeg',
      buffer: await exifRotatedJpeg(),
    });
    await page.getByText(/Uploaded print\.jpg/).waitFor();
    expect(await page.locator('#upload-progress').getAttribute('value')).toBe('100');
    const card = page
      .getByRole('listitem')
      .filter({ has: page.getByRole('button', { name: /Delete image 1/ }) });
    await card.getByText('processing', { exact: true }).waitFor();
    await card.getByText(/Processing: this updates by itself/).waitFor();
    stack.releaseImageEvents();
    await card.getByText('ready', { exact: true }).waitFor({ timeout: 30_000 });
    // Upright (the EXIF said rotate): 400 wide, 600 tall, with every variant the processor wrote.
    await card.getByText(/400 × 600 px, \d+ variants/).waitFor();
    const img = card.getByRole('img', { name: 'Framed Print, image 1 of 1' });
    expect(await img.getAttribute('srcset')).toMatch(/\/320\.jpg 320w, .*\/400\.jpg 400w$/);
    expect(await img.getAttribute('sizes')).toBeTruthy();
    expect(await card.locator('source[type="image/avif"]').getAttribute('srcset')).toMatch(/\.avif 320w/);
    await expect
      .poll(() => img.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth), {
        timeout: 10_000,
      })
      .toBeGreaterThan(0);
    await expectAccessible(page, 'the images page with a ready image');
    await page.screenshot({ path: join(screenshots.path, 'product-images.png'), fullPage: false });

    // Dropped on the box: a file that is no image ends `failed`, with the processor's reason.
    const dropped = await page.evaluateHandle(`(() => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([${JSON.stringify(NOT_AN_IMAGE)}], 'photo.jpg', { type: 'image/jpeg' }));
      return transfer;
    })()`);
    await page
      .getByRole('form', { name: 'Upload an image' })
      .dispatchEvent('drop', { dataTransfer: dropped });
    const failed = page
      .getByRole('listitem')
      .filter({ has: page.getByRole('button', { name: /Delete image 2/ }) });
    await failed.getByText('failed', { exact: true }).waitFor({ timeout: 30_000 });
    await failed.getByText('The file is not an image: JPEG, PNG or WebP expected.').waitFor();
    await expectAccessible(page, 'the images page with a failed image');

    await failed.getByRole('button', { name: /Delete image 2/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete this image?' });
    await dialog.waitFor();
    await expectAccessible(page, 'the delete confirmation');
    await dialog.getByRole('button', { name: 'Delete image' }).click();
    await page.getByText('Image deleted, with all its files.').waitFor();
    const left = await imagesOf(id);
    expect(left.map((image: { status: string }) => image.status)).toEqual(['ready']);
    await expect
      .poll(() => page.getByRole('button', { name: /Delete image/ }).count(), { timeout: 10_000 })
      .toBe(1);
    await expectFitsTablet(page, 'the images page');
    await closeAndExpectNoScriptErrors(tracked);
  }, 90_000);
});
