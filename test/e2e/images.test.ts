import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { S3Event } from 'aws-lambda';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadOrCreateLocalSigningKey, signLocalToken } from '../../src/adapters/auth/local-signing-key.js';
import { createDocumentClient } from '../../src/adapters/dynamodb/client.js';
import { ensureTable } from '../../src/adapters/dynamodb/table-schema.js';
import type { ProcessOutcome } from '../../src/app/media/process-upload.js';
import { silentLogger } from '../../src/app/ports/logger.js';
import { createServices } from '../../src/composition/create-services.js';
import { createImageEventHandler } from '../../src/composition/image-event-handler.js';
import { loadApiConfig } from '../../src/config/config.js';
import type { ProductImage } from '../../src/domain/media/image.js';
import { createApp } from '../../src/http/app.js';
import { startLocalS3 } from '../../src/local/s3.js';
import {
  decompressionBomb,
  exifRotatedJpeg,
  notAnImage,
  pngWithAlpha,
  webpPhoto,
} from '../fixtures/images/fixtures.js';
import { s3PutEvent } from '../fixtures/images/s3-event.js';
import { testDynamo } from '../support/dynamodb.js';
import { checkResponsesOf } from '../support/openapi-contract.js';

const BUCKET = 'slimshop-images-test';

/**
 * The image pipeline end to end, as `npm start` wires it: the API presigns, the client PUTs to the local S3,
 * the local S3 delivers its ObjectCreated event to the image Lambda's handler, the product shows variants
 * that are fetchable from the local S3.
 */
describe('product images through the local S3', () => {
  const closers: (() => Promise<unknown>)[] = [];
  const events: S3Event[] = [];
  const pending: Promise<unknown>[] = [];
  const outcomes: ProcessOutcome[] = [];
  let handle: ReturnType<typeof createImageEventHandler>;
  let app: ReturnType<typeof createApp>;
  let admin: Record<string, string>;
  let productId: string;
  let lambdaEnv: Record<string, string>;
  /** While false, events are kept but not delivered: a late delivery is then made by hand. */
  let deliver = true;
  /** The event of the latest upload of an original (variants written by the handler raise events too). */
  const lastOriginalEvent = () =>
    events.filter((event) => event.Records[0]?.s3.object.key.endsWith('/original')).at(-1) as S3Event;

  /** Waits until every event delivered so far has been handled. */
  const settle = async () => {
    while (pending.length > 0) await Promise.all(pending.splice(0));
  };

  beforeAll(async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'slimshop-images-'));
    closers.push(() => rm(dataDir, { recursive: true, force: true }));
    const dynamo = await testDynamo();
    const s3 = await startLocalS3({
      dir: join(dataDir, 's3'),
      buckets: [BUCKET],
      onEvent: (event) => {
        events.push(event);
        if (deliver) pending.push(handle(event).then((result) => outcomes.push(...result.outcomes)));
      },
    });
    closers.unshift(() => s3.close());
    lambdaEnv = {
      TABLE_NAME: `images-${randomUUID()}`,
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      IMAGE_BUCKET: BUCKET,
      S3_ENDPOINT: s3.endpoint,
      LOG_LEVEL: 'error',
    };
    const config = loadApiConfig({
      ...lambdaEnv,
      DATABASE_URL: 'postgres://unused:unused@127.0.0.1:9/unused',
    });
    await ensureTable(
      createDocumentClient({ region: config.region, endpoint: dynamo.endpoint }),
      config.tableName,
    );
    const key = await loadOrCreateLocalSigningKey(dataDir);
    const services = createServices(config, { logger: silentLogger, localTokenKey: key });
    app = checkResponsesOf(createApp(services));
    handle = createImageEventHandler(
      { ...config, images: config.images as NonNullable<typeof config.images> },
      { logger: silentLogger },
    );
    admin = {
      authorization: `Bearer ${await signLocalToken(key, { sub: 'admin', roles: ['admin'] })}`,
      'content-type': 'application/json',
    };
    const category = await app.request('/categories', {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ name: 'Photos' }),
    });
    const product = await app.request('/products', {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({
        sku: 'IMG-1',
        name: 'Framed print',
        price: { amount: 2500, currency: 'EUR' },
        categoryId: ((await category.json()) as { id: string }).id,
      }),
    });
    productId = ((await product.json()) as { id: string }).id;
  });
  afterAll(async () => {
    await settle();
    for (const close of closers) await close();
  });

  async function upload(bytes: Buffer, contentType = 'image/jpeg') {
    const response = await app.request(`/products/${productId}/images`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ contentType, contentLength: bytes.length }),
    });
    expect(response.status).toBe(201);
    const body = (await response.json()) as {
      imageId: string;
      upload: { url: string; method: string; headers: Record<string, string> };
    };
    const put = await fetch(body.upload.url, {
      method: body.upload.method,
      headers: body.upload.headers,
      body: bytes,
    });
    expect(put.status).toBe(200);
    await settle();
    return body;
  }

  async function product() {
    const response = await app.request(`/products/${productId}`, { headers: admin });
    expect(response.status).toBe(200);
    return (await response.json()) as { version: number; images?: ProductImage[] };
  }

  const imageOf = async (imageId: string) => (await product()).images?.find((image) => image.id === imageId);

  it('an EXIF-rotated photo becomes upright, metadata-free variants the browser can fetch', async () => {
    const { imageId } = await upload(await exifRotatedJpeg());

    const image = await imageOf(imageId);
    expect(image).toMatchObject({ id: imageId, status: 'ready', width: 400, height: 600 });
    expect(image?.variants.map((v) => `${v.format} ${v.width}x${v.height}`).sort()).toEqual(
      ['avif', 'jpeg', 'webp'].flatMap((f) => [`${f} 320x480`, `${f} 400x600`]).sort(),
    );
    for (const variant of image?.variants ?? []) {
      const fetched = await fetch(variant.url);
      expect(fetched.status).toBe(200);
      const bytes = Buffer.from(await fetched.arrayBuffer());
      expect(bytes.length).toBe(variant.bytes);
      const metadata = await sharp(bytes).metadata();
      expect([metadata.width, metadata.height]).toEqual([variant.width, variant.height]);
      expect(metadata.exif).toBeUndefined();
    }
  });

  it("lets a browser page on another origin (the admin console) PUT to the presigned URL: the local S3's CORS", async () => {
    const response = await app.request(`/products/${productId}/images`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ contentType: 'image/jpeg', contentLength: 10 }),
    });
    const { upload } = (await response.json()) as { upload: { url: string } };
    const preflight = await fetch(upload.url, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://127.0.0.1:3000',
        'access-control-request-method': 'PUT',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.status).toBe(200);
    expect(preflight.headers.get('access-control-allow-origin')).toMatch(/^(\*|http:\/\/127\.0\.0\.1:3000)$/);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('PUT');
  });

  it('a transparent PNG keeps its alpha in the PNG and WebP variants', async () => {
    const { imageId } = await upload(await pngWithAlpha(), 'image/png');

    const image = await imageOf(imageId);
    expect(image?.status).toBe('ready');
    for (const variant of image?.variants.filter((v) => v.format === 'png' || v.format === 'webp') ?? []) {
      const bytes = Buffer.from(await (await fetch(variant.url)).arrayBuffer());
      expect((await sharp(bytes).metadata()).hasAlpha).toBe(true);
    }
  });

  it('a WebP upload gets 320/768/1600 variants', async () => {
    const { imageId } = await upload(await webpPhoto(), 'image/webp');
    const widths = (await imageOf(imageId))?.variants.map((v) => v.width);
    expect([...new Set(widths)].sort((a, b) => a - b)).toEqual([320, 768, 1600]);
  });

  it('a text file named .jpg, a truncated photo and a decompression bomb end up failed, saying why', async () => {
    const text = await upload(notAnImage());
    const photo = await exifRotatedJpeg();
    const truncated = await upload(photo.subarray(0, Math.floor(photo.length / 2)));
    const bomb = await upload(await decompressionBomb(), 'image/png');

    const reasons = [
      [text, /not an image/],
      [truncated, /damaged or truncated/],
      [bomb, /megapixels/],
    ] as const;
    for (const [{ imageId }, reason] of reasons) {
      const image = await imageOf(imageId);
      expect(image).toEqual({
        id: imageId,
        status: 'failed',
        variants: [],
        error: expect.stringMatching(reason),
      });
      // Our words only, on one line: no decoder text, no stack.
      expect(image?.error).not.toMatch(/vips|sharp|\n|:\d+:\d+/i);
      expect(image?.error?.length).toBeLessThanOrEqual(200);
    }
    const original = await fetch(text.upload.url.split('?')[0] as string);
    expect(original.status).toBe(404);
  });

  it('duplicate and late deliveries of an S3 event do no work and write no record', async () => {
    const { imageId } = await upload(await webpPhoto(), 'image/webp');
    const event = lastOriginalEvent();
    const before = await product();
    outcomes.length = 0;

    const again = await Promise.all([handle(event), handle(event), handle(event)]);
    expect(again.flatMap((r) => r.outcomes)).toEqual(['duplicate', 'duplicate', 'duplicate']);
    const after = await product();
    expect(after.version).toBe(before.version);
    expect(after.images?.filter((image) => image.id === imageId)).toHaveLength(1);
  });

  it('two concurrent first deliveries of one event: one does the work, one record, one new version', async () => {
    deliver = false;
    const { imageId } = await upload(await pngWithAlpha(), 'image/png');
    deliver = true;
    const event = lastOriginalEvent();
    const before = await product();

    const results = await Promise.all([handle(event), handle(structuredClone(event))]);
    expect(results.flatMap((r) => r.outcomes).sort()).toEqual(['duplicate', 'ready']);
    const after = await product();
    expect(after.version).toBe(before.version + 1);
    expect(after.images?.filter((image) => image.id === imageId)).toMatchObject([{ status: 'ready' }]);
  });

  it('a re-upload wins over the earlier upload whose event arrives late', async () => {
    deliver = false;
    const first = await upload(await webpPhoto(), 'image/webp');
    const firstEvent = lastOriginalEvent();
    deliver = true;
    const replacement = await exifRotatedJpeg();
    const put = await fetch(first.upload.url, {
      method: 'PUT',
      headers: first.upload.headers,
      body: replacement,
    });
    expect(put.status).toBe(200);
    await settle();
    expect(await imageOf(first.imageId)).toMatchObject({ status: 'ready', width: 400, height: 600 });

    // The first upload's event arrives only now: its bytes are gone, so it must change nothing.
    const before = await product();
    expect((await handle(firstEvent)).outcomes).toEqual(['stale']);
    const after = await product();
    expect(after.version).toBe(before.version);
    expect(await imageOf(first.imageId)).toMatchObject({ status: 'ready', width: 400, height: 600 });
  });

  it('the image Lambda entrypoint handles an S3 event in the shape AWS documents', async () => {
    deliver = false;
    const photo = await webpPhoto();
    const { imageId } = await upload(photo, 'image/webp');
    deliver = true;
    const uploaded = lastOriginalEvent().Records[0]?.s3.object;
    expect((await imageOf(imageId))?.status).toBe('processing');

    for (const [name, value] of Object.entries(lambdaEnv)) vi.stubEnv(name, value);
    const { handler } = await import('../../src/entrypoints/lambda-image.js');
    vi.unstubAllEnvs();
    const event = s3PutEvent({
      bucket: BUCKET,
      key: `products/${productId}/images/${imageId}/original`,
      eTag: uploaded?.eTag as string,
      size: photo.length,
    });
    const context = { functionName: 'image', awsRequestId: randomUUID() } as Parameters<typeof handler>[1];

    expect(await handler(event, context)).toEqual({ outcomes: ['ready'] });
    expect((await imageOf(imageId))?.status).toBe('ready');
  });

  it('a re-upload of a ready image replaces its variants and deletes the old files', async () => {
    const { imageId, upload: url } = await upload(await webpPhoto(), 'image/webp');
    const old = await imageOf(imageId);
    expect(old?.status).toBe('ready');

    const replacement = await exifRotatedJpeg();
    const put = await fetch(url.url, { method: 'PUT', headers: url.headers, body: replacement });
    expect(put.status).toBe(200);
    await settle();

    const current = await imageOf(imageId);
    expect(current).toMatchObject({ status: 'ready', width: 400, height: 600 });
    for (const variant of current?.variants ?? []) expect((await fetch(variant.url)).status).toBe(200);
    for (const variant of old?.variants ?? []) expect((await fetch(variant.url)).status).toBe(404);
  });

  it('DELETE removes the image from the product and its files from S3', async () => {
    const { imageId } = await upload(await webpPhoto(), 'image/webp');
    const image = await imageOf(imageId);
    const url = image?.variants[0]?.url as string;
    expect((await fetch(url)).status).toBe(200);

    const response = await app.request(`/products/${productId}/images/${imageId}`, {
      method: 'DELETE',
      headers: admin,
    });
    expect(response.status).toBe(204);
    expect(await imageOf(imageId)).toBeUndefined();
    expect((await fetch(url)).status).toBe(404);
    const again = await app.request(`/products/${productId}/images/${imageId}`, {
      method: 'DELETE',
      headers: admin,
    });
    expect(again.status).toBe(404);
  });

  it('refuses uploads over 20 MB, of other types, from non-admins, and for unknown products', async () => {
    const post = (path: string, body: unknown, headers = admin) =>
      app.request(path, { method: 'POST', headers, body: JSON.stringify(body) });
    const tooBig = await post(`/products/${productId}/images`, {
      contentType: 'image/jpeg',
      contentLength: 20 * 1024 * 1024 + 1,
    });
    expect(tooBig.status).toBe(400);
    expect(((await tooBig.json()) as { errors: { path: string }[] }).errors[0]?.path).toBe('contentLength');
    const gif = await post(`/products/${productId}/images`, { contentType: 'image/gif', contentLength: 10 });
    expect(gif.status).toBe(400);
    const anonymous = await post(
      `/products/${productId}/images`,
      { contentType: 'image/png', contentLength: 10 },
      {
        'content-type': 'application/json',
      },
    );
    expect(anonymous.status).toBe(401);
    const missing = await post('/products/nope/images', { contentType: 'image/png', contentLength: 10 });
    expect(missing.status).toBe(404);
  });

  it('a retried POST with the same Idempotency-Key gets the same image; a product holds at most 20', async () => {
    const created = await app.request('/products', {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({
        sku: 'IMG-2',
        name: 'Poster',
        price: { amount: 900, currency: 'EUR' },
        categoryId: (
          (await (await app.request(`/products/${productId}`, { headers: admin })).json()) as {
            categoryId: string;
          }
        ).categoryId,
      }),
    });
    const poster = ((await created.json()) as { id: string }).id;
    const start = (key: string) =>
      app.request(`/products/${poster}/images`, {
        method: 'POST',
        headers: { ...admin, 'idempotency-key': key },
        body: JSON.stringify({ contentType: 'image/png', contentLength: 100 }),
      });

    const first = (await (await start('retry-me')).json()) as { imageId: string };
    const retried = (await (await start('retry-me')).json()) as { imageId: string };
    expect(retried.imageId).toBe(first.imageId);
    for (let i = 1; i < 20; i++) expect((await start(`key-${i}`)).status).toBe(201);
    const full = await start('one-too-many');
    expect(full.status).toBe(409);
    const shown = (await (await app.request(`/products/${poster}`, { headers: admin })).json()) as {
      images: ProductImage[];
    };
    expect(shown.images).toHaveLength(20);
    expect(shown.images.every((image) => image.status === 'processing')).toBe(true);
  });

  it('deleting a product deletes its image files', async () => {
    const created = await app.request('/products', {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({
        sku: 'IMG-3',
        name: 'Short-lived',
        price: { amount: 100, currency: 'EUR' },
        categoryId: (
          (await (await app.request(`/products/${productId}`, { headers: admin })).json()) as {
            categoryId: string;
          }
        ).categoryId,
      }),
    });
    const doomed = ((await created.json()) as { id: string }).id;
    const photo = await webpPhoto();
    const started = await app.request(`/products/${doomed}/images`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ contentType: 'image/webp', contentLength: photo.length }),
    });
    const { upload: target, imageId } = (await started.json()) as {
      imageId: string;
      upload: { url: string; headers: Record<string, string> };
    };
    await fetch(target.url, { method: 'PUT', headers: target.headers, body: photo });
    await settle();
    const shown = (await (await app.request(`/products/${doomed}`, { headers: admin })).json()) as {
      images: ProductImage[];
    };
    const url = shown.images.find((image) => image.id === imageId)?.variants[0]?.url as string;
    expect((await fetch(url)).status).toBe(200);

    expect((await app.request(`/products/${doomed}`, { method: 'DELETE', headers: admin })).status).toBe(204);
    expect((await fetch(url)).status).toBe(404);
    expect((await fetch(target.url.split('?')[0] as string)).status).toBe(404);
  });

  it('clients cannot write images through PUT or PATCH, and a PATCH keeps them', async () => {
    const current = await product();
    const patch = await app.request(`/products/${productId}`, {
      method: 'PATCH',
      headers: {
        ...admin,
        'content-type': 'application/merge-patch+json',
        'if-match': `"${current.version}"`,
      },
      body: JSON.stringify({ images: [] }),
    });
    expect(patch.status).toBe(400);
    const rename = await app.request(`/products/${productId}`, {
      method: 'PATCH',
      headers: {
        ...admin,
        'content-type': 'application/merge-patch+json',
        'if-match': `"${current.version}"`,
      },
      body: JSON.stringify({ name: 'Framed print, oak' }),
    });
    expect(rename.status).toBe(200);
    expect((await product()).images).toEqual(current.images);
  });
});
