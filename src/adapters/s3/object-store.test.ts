import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { S3Event } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ObjectStore } from '../../app/ports/object-store.js';
import { type RunningLocalS3, startLocalS3 } from '../../local/s3.js';
import { createS3Client } from './client.js';
import { createS3ObjectStore } from './object-store.js';

const BUCKET = 'images-test';

describe('S3 object store against the local S3', () => {
  let dir: string;
  let s3: RunningLocalS3;
  let store: ObjectStore;
  const events: S3Event[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'slimshop-s3-'));
    s3 = await startLocalS3({ dir, buckets: [BUCKET], onEvent: (event) => events.push(event) });
    const client = createS3Client({ region: 'us-east-1', endpoint: s3.endpoint });
    store = createS3ObjectStore({ client, bucket: BUCKET, publicBaseUrl: `${s3.endpoint}/${BUCKET}` });
  });
  afterAll(async () => {
    await s3.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('a presigned PUT stores the bytes a client sends, and S3 announces it with an ObjectCreated event', async () => {
    const body = new Uint8Array([0xff, 0xd8, 0xff, 1, 2, 3, 4, 0]);
    const upload = await store.presignPut('p/a/original', {
      contentType: 'image/jpeg',
      contentLength: body.length,
      expiresInSeconds: 300,
    });
    expect(upload.method).toBe('PUT');
    const signed = new URL(upload.url).searchParams.get('X-Amz-SignedHeaders')?.split(';');
    expect(signed).toEqual(expect.arrayContaining(['content-length', 'content-type', 'host']));

    const response = await fetch(upload.url, { method: 'PUT', body, headers: upload.headers });
    expect(response.status).toBe(200);

    const stored = await store.get('p/a/original');
    expect(stored?.bytes).toEqual(body);
    expect(stored?.contentType).toBe('image/jpeg');
    expect(stored?.etag).toMatch(/^[0-9a-f]{32}$/);
    expect(await store.etagOf('p/a/original')).toBe(stored?.etag);
    expect(await store.etagOf('p/a/missing')).toBeUndefined();
    const record = events.at(-1)?.Records[0];
    expect(record?.eventName).toBe('ObjectCreated:Put');
    expect(record?.s3.bucket.name).toBe(BUCKET);
    expect(record?.s3.object.key).toBe('p/a/original');
    expect(record?.s3.object.eTag).toBe(stored?.etag);
  });

  it('puts, lists by prefix across pages, deletes, and reads a missing key as undefined', async () => {
    const keys = Array.from({ length: 5 }, (_, i) => `p/list/${i}.webp`);
    await Promise.all(keys.map((key) => store.put(key, new Uint8Array([1, 2]), 'image/webp')));
    await store.put('p/other/x.webp', new Uint8Array([3]), 'image/webp');

    expect((await store.list('p/list/')).sort()).toEqual(keys);
    const fetched = await fetch(store.publicUrl(keys[0] as string));
    expect(fetched.status).toBe(200);
    expect(new Uint8Array(await fetched.arrayBuffer())).toEqual(new Uint8Array([1, 2]));

    await store.delete([...keys, 'p/list/never-existed']);
    expect(await store.list('p/list/')).toEqual([]);
    expect(await store.get(keys[0] as string)).toBeUndefined();
    expect(await store.list('p/other/')).toEqual(['p/other/x.webp']);
  });
});
