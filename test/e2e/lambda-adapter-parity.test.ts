import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { secureHeaders } from 'hono/secure-headers';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { installLightFetchClasses } from '../../src/http/lambda/install-light-fetch-classes.js';
import { createLambdaHandler } from '../../src/http/lambda/lambda-adapter.js';
import type { LambdaHttpResult } from '../../src/http/lambda/lambda-result.js';
import { albEvent, apiGatewayV2Event, lambdaContext } from '../fixtures/lambda-events.js';

// Our adapter replaced hono/aws-lambda's handle(): every event here must give the same result, field for
// field and in the same order, ours on the light fetch classes, Hono's on Node's own. (Repeated ALB headers
// are the one intended difference: test/e2e/lambda-handler.test.ts.)
const app = new Hono();
app.use(secureHeaders());
app.use(cors({ origin: 'https://shop.example', exposeHeaders: ['ETag'] }));
app.use(bodyLimit({ maxSize: 64 }));
app.all('/echo/:name', async (c) =>
  c.json({
    method: c.req.method,
    url: c.req.url,
    path: c.req.path,
    name: c.req.param('name'),
    query: c.req.queries(),
    headers: c.req.header(),
    body: await c.req.text(),
  }),
);
app.post('/bytes', async (c) => c.json({ bytes: [...new Uint8Array(await c.req.arrayBuffer())] }));
app.get('/cookies', (c) => {
  c.header('set-cookie', 'a=1; Path=/', { append: true });
  c.header('set-cookie', 'b=2; HttpOnly', { append: true });
  c.header('vary', 'Accept', { append: true });
  c.header('vary', 'Origin', { append: true });
  return c.text('two cookies');
});
app.get('/png', (c) =>
  c.body(new Uint8Array([137, 80, 78, 71, 0, 255]), 200, { 'content-type': 'image/png' }),
);
app.get('/gzip', (c) =>
  c.body(new Uint8Array([31, 139, 8, 0]), 200, {
    'content-type': 'application/json',
    'content-encoding': 'gzip',
  }),
);
app.get('/untyped', (c) => c.body(new Uint8Array([104, 105])));
app.get('/html', (c) => c.html('<p>Thé</p>'));
app.get('/empty', (c) => c.body(null, 204));
app.get('/not-modified', (c) => c.body(null, 304, { etag: '"1"' }));
app.get('/redirect', (c) => c.redirect('/echo/there'));
app.get('/throws', () => {
  throw new Error('boom');
});

const v2 = apiGatewayV2Event;
const alb = (spec: Parameters<typeof albEvent>[0]) => albEvent(spec, { multiValue: true });
const albSingle = (spec: Parameters<typeof albEvent>[0]) => albEvent(spec, { multiValue: false });
const withCookies = { ...v2({ path: '/echo/c' }), cookies: ['session=abc', 'theme=dark'] };
const bytes = String.fromCharCode(0, 1, 2, 254, 255);

const events: [string, unknown][] = [
  [
    'v2 GET with repeated query keys and an encoded path',
    v2({ path: '/echo/caf%C3%A9', query: 'a=1&a=2&b=x%20y' }),
  ],
  ['v2 path with dot segments and an encoded slash', v2({ path: '/x/../echo/a%2Fb' })],
  [
    'v2 header with non-ASCII text',
    v2({ path: '/echo/h', headers: { 'x-name': 'Zoë', 'X-Mixed-Case': ' padded ' } }),
  ],
  ['v2 cookies', withCookies],
  [
    'v2 POST text body',
    v2({ method: 'POST', path: '/echo/t', body: 'héllo', headers: { 'content-type': 'text/plain' } }),
  ],
  ['v2 POST base64 body', v2({ method: 'POST', path: '/echo/b', body: '{"a":"é"}', base64: true })],
  [
    'v2 POST binary body',
    {
      ...v2({ method: 'POST', path: '/bytes' }),
      body: Buffer.from(bytes, 'latin1').toString('base64'),
      isBase64Encoded: true,
    },
  ],
  ['v2 POST over the body limit', v2({ method: 'POST', path: '/echo/big', body: 'x'.repeat(65) })],
  ['v2 POST with an empty body', v2({ method: 'POST', path: '/echo/e', body: '' })],
  ['v2 GET with a body (no valid request)', v2({ method: 'GET', path: '/echo/g', body: 'x' })],
  ['v2 header with a NUL (no valid request)', v2({ path: '/echo/n', headers: { 'x-bad': 'a\0b' } })],
  ['v2 HEAD', v2({ method: 'HEAD', path: '/html' })],
  [
    'v2 CORS preflight',
    v2({
      method: 'OPTIONS',
      path: '/echo/p',
      headers: { origin: 'https://shop.example', 'access-control-request-headers': 'content-type, if-match' },
    }),
  ],
  ['v2 CORS simple request', v2({ path: '/echo/o', headers: { origin: 'https://shop.example' } })],
  ['v2 two Set-Cookie headers', v2({ path: '/cookies' })],
  ['v2 binary response', v2({ path: '/png' })],
  ['v2 gzip-encoded JSON', v2({ path: '/gzip' })],
  ['v2 bytes without a content type', v2({ path: '/untyped' })],
  ['v2 HTML', v2({ path: '/html' })],
  ['v2 204', v2({ path: '/empty' })],
  ['v2 304', v2({ path: '/not-modified' })],
  ['v2 redirect', v2({ path: '/redirect' })],
  ['v2 404', v2({ path: '/nowhere' })],
  ['v2 500', v2({ path: '/throws' })],
  ['ALB multi-value GET with repeated query keys', alb({ path: '/echo/q', query: 'a=1&a=2&q=caf%C3%A9' })],
  ['ALB multi-value Set-Cookie', alb({ path: '/cookies' })],
  ['ALB multi-value binary', alb({ path: '/png' })],
  ['ALB multi-value POST base64', alb({ method: 'POST', path: '/echo/p', body: 'Théière', base64: true })],
  ['ALB multi-value 304', alb({ path: '/not-modified' })],
  ['ALB single-value GET with query', albSingle({ path: '/echo/s', query: 'x=1&y=%20' })],
  ['ALB single-value Set-Cookie (the first only)', albSingle({ path: '/cookies' })],
  ['ALB single-value POST', albSingle({ method: 'POST', path: '/echo/p', body: 'plain' })],
];

const theirs = handle(app);
const ours = createLambdaHandler(app);

describe('Lambda adapter, the same results as hono/aws-lambda', () => {
  // hono/aws-lambda logs the invalid events and the unhandled error to the console; the results are what count.
  beforeAll(() => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
  });

  it.each(events)('%s', async (_name, event) => {
    const expected = (await theirs(event as never, lambdaContext() as never)) as LambdaHttpResult;
    const uninstall = installLightFetchClasses();
    let actual: LambdaHttpResult;
    try {
      actual = await ours(event, lambdaContext());
    } finally {
      uninstall();
    }

    expect(actual).toEqual(expected);
    expect(Object.keys(actual)).toEqual(Object.keys(expected));
    expect(Object.keys(actual.headers ?? actual.multiValueHeaders ?? {})).toEqual(
      Object.keys(expected.headers ?? expected.multiValueHeaders ?? {}),
    );
  });
});
