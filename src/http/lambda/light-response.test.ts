import { describe, expect, it } from 'vitest';
import { LightHeaders } from './light-headers.js';
import { LightResponse } from './light-response.js';

/** What a client would notice of a response, read through the standard API. */
async function seen(response: Response | LightResponse) {
  const headers: string[][] = [];
  response.headers.forEach((value, name) => {
    headers.push([name, value]);
  });
  return { status: response.status, ok: response.ok, headers, body: await response.text() };
}

describe('LightResponse', () => {
  it('reads string, bytes, ArrayBuffer, form and null bodies as Node Response does, content types included', async () => {
    const bodies = [
      'Café ✓',
      new TextEncoder().encode('bytes'),
      new TextEncoder().encode('xxsliced').subarray(2),
      new TextEncoder().encode('buffer').buffer,
      new URLSearchParams({ q: 'a b', n: '1' }),
      null,
    ];
    for (const body of bodies) {
      expect(await seen(new LightResponse(body, { status: 201 }))).toEqual(
        await seen(new Response(body, { status: 201 })),
      );
    }
    expect(await new LightResponse('{"a":[1]}').json()).toEqual({ a: [1] });
    expect(new Uint8Array(await new LightResponse('abc').arrayBuffer())).toEqual(
      new TextEncoder().encode('abc'),
    );
    expect(await new LightResponse(new Uint8Array([1, 2])).bytes()).toEqual(new Uint8Array([1, 2]));
    const blob = await new LightResponse('<p/>', { headers: { 'content-type': 'text/html' } }).blob();
    expect([blob.type, await blob.text()]).toEqual(['text/html', '<p/>']);
  });

  it('copies a byte body, so the sender may reuse its buffer (a cached docs asset)', async () => {
    const bytes = new TextEncoder().encode('original');
    const response = new LightResponse(bytes);
    bytes.fill(0);
    expect(await response.text()).toBe('original');
  });

  it('is read once: bodyUsed, then a TypeError on the next read', async () => {
    const response = new LightResponse('once');
    expect(response.bodyUsed).toBe(false);
    await response.text();
    expect(response.bodyUsed).toBe(true);
    await expect(response.text()).rejects.toThrow(TypeError);
    expect(new LightResponse(null).body).toBeNull();
  });

  it('refuses a body with 204/304 and a status outside 200-599, with the errors Node throws', () => {
    for (const [body, init] of [
      ['x', { status: 204 }],
      ['x', { status: 304 }],
      [null, { status: 99 }],
      [null, { status: 600 }],
      [null, { statusText: 'bad\n' }],
    ] as const) {
      const native = (() => {
        try {
          new Response(body, init);
        } catch (error) {
          return (error as Error).constructor;
        }
      })();
      expect(native).toBeDefined();
      expect(() => new LightResponse(body, init)).toThrow(native as typeof Error);
    }
    expect(new LightResponse(null, { status: 304 }).status).toBe(304);
  });

  it('takes an old response as body and init, as Hono re-wraps c.res to add a header', async () => {
    const old = new LightResponse('{"id":"a"}', {
      status: 201,
      statusText: 'Created',
      headers: { 'content-type': 'application/json', etag: '"1"' },
    });
    const wrapped = new LightResponse(old.body, old);
    wrapped.headers.set('x-request-id', 'r1');

    expect(await seen(wrapped)).toEqual({
      status: 201,
      ok: true,
      headers: [
        ['content-type', 'application/json'],
        ['etag', '"1"'],
        ['x-request-id', 'r1'],
      ],
      body: '{"id":"a"}',
    });
    expect(wrapped.statusText).toBe('Created');
    expect(old.headers.has('x-request-id')).toBe(false);
    expect(old.bodyUsed).toBe(true); // its bytes moved to the new response
  });

  it('reads a body through getReader() and as an async iterable, as streams are read', async () => {
    const reader = new LightResponse('streamed').body?.getReader();
    const first = await reader?.read();
    expect(new TextDecoder().decode(first?.value)).toBe('streamed');
    expect((await reader?.read())?.done).toBe(true);

    const chunks: Uint8Array[] = [];
    const body = new LightResponse('iterated').body as AsyncIterable<Uint8Array>;
    for await (const chunk of body) chunks.push(chunk);
    expect(Buffer.concat(chunks).toString()).toBe('iterated');
  });

  it('reads a stream body, and clones both kinds of body', async () => {
    const stream = new Response('from a stream').body as ReadableStream<Uint8Array>;
    const response = new LightResponse(stream, {
      headers: new LightHeaders({ 'content-type': 'text/plain' }),
    });
    const clone = response.clone();
    expect([await response.text(), await clone.text()]).toEqual(['from a stream', 'from a stream']);

    const bytes = new LightResponse('twice');
    expect([await bytes.clone().text(), await bytes.text()]).toEqual(['twice', 'twice']);
  });

  it('leaves FormData to Node: a multipart body and its boundary round-trip', async () => {
    const form = new FormData();
    form.set('name', 'mug');
    const response = new LightResponse(form);
    expect(response.headers.get('content-type')).toMatch(/^multipart\/form-data; boundary=/);
    expect((await response.formData()).get('name')).toBe('mug');
  });

  it('builds JSON responses with Response.json', async () => {
    const response = LightResponse.json({ ok: true }, { status: 202 });
    expect(await seen(response)).toEqual(await seen(Response.json({ ok: true }, { status: 202 })));
  });
});
