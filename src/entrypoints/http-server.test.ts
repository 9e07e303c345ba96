import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../app/ports/logger.js';
import { type RunningHttpServer, startHttpServer } from './http-server.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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

  it('close() lets an in-flight request finish, then refuses new connections', async () => {
    server = await startHttpServer({
      fetch: async () => {
        await sleep(300);
        return new Response('finished');
      },
      port: 0,
      shutdownGraceMs: 5_000,
      logger: silentLogger,
    });
    const url = server.url;
    const inFlight = fetch(url);
    await sleep(50);

    const started = Date.now();
    const closed = server.close();
    const response = await inFlight;

    expect(await response.text()).toBe('finished');
    expect(response.headers.get('connection')).toBe('close');
    await closed;
    // Closed as soon as the request was done, not after a keep-alive timeout.
    expect(Date.now() - started).toBeLessThan(2_000);
    await expect(fetch(url)).rejects.toThrow();
  });

  it('close() cuts requests still running when the grace period ends', async () => {
    server = await startHttpServer({
      fetch: async () => {
        await sleep(10_000);
        return new Response('too late');
      },
      port: 0,
      shutdownGraceMs: 200,
      logger: silentLogger,
    });
    const inFlight = fetch(server.url).then(
      () => 'answered',
      () => 'cut',
    );
    await sleep(50);

    const started = Date.now();
    await server.close();

    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await inFlight).toBe('cut');
  });
});
