import { spawn } from 'node:child_process';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../app/ports/logger.js';
import type { AppEnv } from '../http/app-env.js';
import { requestContext } from '../http/middleware/request-context.js';
import { type RunningHttpServer, startHttpServer } from './http-server.js';

/** fetch's failure when the connection is refused: nothing listens there (any other failure is another bug). */
const REFUSED = { name: 'TypeError', cause: { code: 'ECONNREFUSED' } };

describe('startHttpServer', () => {
  let server: RunningHttpServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('serves the fetch handler on a free port', async () => {
    server = await startHttpServer({
      fetch: () => Response.json({ status: 'ok' }),
      port: 0,
      shutdownGraceMs: 1_000,
      logger: silentLogger,
    });
    const response = await fetch(`${server.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('through Hono as the app runs there: x-request-id on every answer, POST bodies read and limited', async () => {
    const app = new Hono<AppEnv>();
    app.use(requestContext(silentLogger));
    app.use(bodyLimit({ maxSize: 16, onError: (c) => c.text('too large', 413) }));
    app.get('/product', (c) => c.json({ id: 'p1' }));
    // A middleware's own Response, as an idempotent replay answers.
    app.get('/replayed', () => Response.json({ id: 'p1' }));
    app.post('/echo', async (c) => c.text(await c.req.text()));
    server = await startHttpServer({
      fetch: app.fetch,
      port: 0,
      shutdownGraceMs: 1_000,
      logger: silentLogger,
    });

    const read = await fetch(`${server.url}/product`, { headers: { 'x-request-id': 'read-1' } });
    expect(read.headers.get('x-request-id')).toBe('read-1');
    expect(await read.json()).toEqual({ id: 'p1' });
    const replayed = await fetch(`${server.url}/replayed`, { headers: { 'x-request-id': 'read-2' } });
    expect(replayed.headers.get('x-request-id')).toBe('read-2');
    expect(await replayed.json()).toEqual({ id: 'p1' });
    const head = await fetch(`${server.url}/product`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);

    const echoed = await fetch(`${server.url}/echo`, { method: 'POST', body: 'small body' });
    expect(await echoed.text()).toBe('small body');
    const large = await fetch(`${server.url}/echo`, { method: 'POST', body: 'x'.repeat(100) });
    expect(large.status).toBe(413);
  });

  // A non-loopback address of this machine, if it has one: where another machine would connect.
  const outside = Object.values(networkInterfaces())
    .flat()
    .find((address) => address?.family === 'IPv4' && !address.internal)?.address;

  it.skipIf(outside === undefined)(
    'on 127.0.0.1 (npm start by default) answers this machine only, on 0.0.0.0 every interface',
    async () => {
      const answer = () => Response.json({ status: 'ok' });
      server = await startHttpServer({
        fetch: answer,
        port: 0,
        host: '127.0.0.1',
        shutdownGraceMs: 1_000,
        logger: silentLogger,
      });
      expect(server.url).toBe(`http://localhost:${server.port}`);
      expect((await fetch(`http://127.0.0.1:${server.port}/health`)).status).toBe(200);
      await expect(fetch(`http://${outside}:${server.port}/health`)).rejects.toMatchObject(REFUSED);
      await server.close();

      server = await startHttpServer({
        fetch: answer,
        port: 0,
        host: '0.0.0.0',
        shutdownGraceMs: 1_000,
        logger: silentLogger,
      });
      expect((await fetch(`http://${outside}:${server.port}/health`)).status).toBe(200);
    },
  );

  it('close() lets an in-flight request finish, then refuses new connections', async () => {
    const request = handlerHeld('finished');
    server = await startHttpServer({
      fetch: request.fetch,
      port: 0,
      shutdownGraceMs: 20_000,
      logger: silentLogger,
    });
    const url = server.url;
    const inFlight = fetch(url);
    await request.received;

    const closed = server.close();
    request.release();
    const response = await inFlight;

    expect(await response.text()).toBe('finished');
    expect(response.headers.get('connection')).toBe('close');
    // Closed as soon as the request was done: waiting for the 65 s keep-alive would outlast the test's timeout.
    await closed;
    await expect(fetch(url)).rejects.toMatchObject(REFUSED);
  });

  it('close() cuts requests still running when the grace period ends', async () => {
    const request = handlerHeld('too late');
    server = await startHttpServer({
      fetch: request.fetch,
      port: 0,
      shutdownGraceMs: 200,
      logger: silentLogger,
    });
    const inFlight = fetch(server.url).then(
      () => 'answered',
      () => 'cut',
    );
    await request.received;

    await server.close();

    expect(await inFlight).toBe('cut');
    request.release();
  });
});

/** A fetch handler that answers `body` only once released; `received` settles when a request reaches it. */
function handlerHeld(body: string) {
  let received = () => {};
  let release = () => {};
  const receivedPromise = new Promise<void>((resolve) => {
    received = resolve;
  });
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  return {
    received: receivedPromise,
    release,
    fetch: async () => {
      received();
      await released;
      return new Response(body);
    },
  };
}

/**
 * A process running exitOnSignals whose stop() waits for a "release" message, so signals can be sent while
 * it is stopping. Its log lines (JSON) go to stdout.
 */
function stoppingProcess(options: { relayedCopyWindowMs: number }) {
  const module = join(import.meta.dirname, 'http-server.ts');
  const code = `
    import { exitOnSignals } from ${JSON.stringify(module)};
    const log = (level) => (message, fields) => console.log(JSON.stringify({ level, message, ...fields }));
    const logger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
    const released = new Promise((resolve) => process.on('message', resolve));
    exitOnSignals(() => released, logger, ${JSON.stringify(options)});
    console.log(JSON.stringify({ message: 'listening' }));
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  let output = '';
  const waiting: { text: string; resolve: () => void }[] = [];
  child.stdout?.on('data', (chunk) => {
    output += chunk;
    for (const waiter of [...waiting]) {
      if (output.includes(waiter.text)) {
        waiting.splice(waiting.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (exitCode) => resolve(exitCode)));
  return {
    child,
    exited,
    output: () => output,
    printed: (text: string) =>
      output.includes(text)
        ? Promise.resolve()
        : new Promise<void>((resolve) => waiting.push({ text, resolve })),
  };
}

describe('exitOnSignals', () => {
  it('takes the same signal arriving again at once as the copy npm relays, and exits 0 once stopped', async () => {
    // A wide window: how fast this test sends the copy is not what it checks.
    const stopping = stoppingProcess({ relayedCopyWindowMs: 60_000 });
    await stopping.printed('listening');

    stopping.child.kill('SIGINT');
    await stopping.printed('shutting down');
    stopping.child.kill('SIGINT');
    await stopping.printed('a relayed copy');
    stopping.child.send('release');

    expect(await stopping.exited).toBe(0);
    expect(stopping.output()).not.toContain('second signal');
  });

  it('exits 1 at once on a second signal after that window', async () => {
    const stopping = stoppingProcess({ relayedCopyWindowMs: 0 });
    await stopping.printed('listening');

    stopping.child.kill('SIGTERM');
    await stopping.printed('shutting down');
    stopping.child.kill('SIGTERM');

    expect(await stopping.exited).toBe(1);
    expect(stopping.output()).toContain('second signal');
  });

  it('stops cleanly when the terminal closes (SIGHUP)', async () => {
    const stopping = stoppingProcess({ relayedCopyWindowMs: 60_000 });
    await stopping.printed('listening');

    stopping.child.kill('SIGHUP');
    await stopping.printed('shutting down');
    stopping.child.send('release');

    expect(await stopping.exited).toBe(0);
  });
});
