import { describe, expect, it } from 'vitest';
import { LightHeaders } from './light-headers.js';
import { LightRequest } from './light-request.js';

function errorOf(build: () => unknown): unknown {
  try {
    build();
  } catch (error) {
    return (error as Error).constructor;
  }
  return undefined;
}

describe('LightRequest', () => {
  it('normalises URLs and methods as Node Request does (the path Hono routes on)', () => {
    const urls = [
      'https://abc.execute-api.us-east-1.amazonaws.com/products/x?q=caf%C3%A9',
      'https://h/a/../b/./c?x=a b&y="z"',
      'https://h/caf\u00e9/%E2%82%AC',
      'https://H:443/p#frag',
    ];
    for (const url of urls) expect(new LightRequest(url).url).toBe(new Request(url).url);
    for (const method of ['get', 'Post', 'delete', 'purge', 'PATCH', 'options', 'PURGE']) {
      expect(new LightRequest('https://h/', { method }).method).toBe(
        new Request('https://h/', { method }).method,
      );
    }
  });

  it('throws a TypeError wherever Node Request does (the adapter answers 400 then)', () => {
    const cases: [string, { method?: string; body?: string; headers?: Record<string, string> }][] = [
      ['/relative', {}],
      ['https://user:pw@h/', {}],
      ['https://h/', { method: 'GET', body: 'x' }],
      ['https://h/', { method: 'HEAD', body: 'x' }],
      ['https://h/', { method: 'CONNECT' }],
      ['https://h/', { method: 'bad method' }],
      ['https://h/', { headers: { 'x-a': 'nul\0' } }],
    ];
    for (const [url, init] of cases) {
      expect(errorOf(() => new Request(url, init))).toBe(TypeError);
      expect(errorOf(() => new LightRequest(url, init))).toBe(TypeError);
    }
  });

  it('reads its body once as text, JSON or bytes, and defaults the content type of a string body', async () => {
    const request = new LightRequest('https://h/products', { method: 'POST', body: '{"name":"Mug"}' });
    expect(request.headers.get('content-type')).toBe('text/plain;charset=UTF-8');
    expect(request.body).not.toBeNull();
    expect(await request.json()).toEqual({ name: 'Mug' });
    expect(request.bodyUsed).toBe(true);
    await expect(request.text()).rejects.toThrow(TypeError);
    expect(new LightRequest('https://h/').body).toBeNull();
  });

  it('is rebuilt from a request it was read from, as Hono bodyLimit does after counting the bytes', async () => {
    const original = new LightRequest('https://h/products', {
      method: 'POST',
      headers: new LightHeaders({ 'content-type': 'application/json' }),
      body: new TextEncoder().encode('{"a":1}'),
    });
    const reader = original.body?.getReader();
    const chunk = await reader?.read();
    const rebuilt = new LightRequest(original, { body: chunk?.value });

    expect([rebuilt.url, rebuilt.method, rebuilt.headers.get('content-type')]).toEqual([
      'https://h/products',
      'POST',
      'application/json',
    ]);
    expect(await rebuilt.text()).toBe('{"a":1}');
  });

  it('clones with its body, and gives a signal that is not aborted', async () => {
    const request = new LightRequest('https://h/', { method: 'PUT', body: 'payload' });
    const clone = request.clone();
    expect([await clone.text(), await request.text()]).toEqual(['payload', 'payload']);
    expect(request.signal.aborted).toBe(false);
  });
});
