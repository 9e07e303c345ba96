import { Hono } from 'hono';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppEnv } from '../http/app-env.js';
import { requestContext } from '../http/middleware/request-context.js';
import { createLogger } from '../observability/logger.js';
import { scopedRequests } from './request-scope.js';

/**
 * The container's request scope with the real JSON logger and the app's request-context middleware: what
 * ECS writes for requests arriving through the ALB, several in flight at once.
 */

function captureLines() {
  const written: string[] = [];
  const capture = (chunk: unknown) => {
    written.push(String(chunk));
    return true;
  };
  const spies = [
    vi.spyOn(process.stdout, 'write').mockImplementation(capture),
    vi.spyOn(process.stderr, 'write').mockImplementation(capture),
  ];
  return {
    lines: () =>
      written
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    restore: () => {
      for (const spy of spies) spy.mockRestore();
    },
  };
}

function scopedApp() {
  const requests = scopedRequests(createLogger({ level: 'info' }));
  const { logger } = requests;
  let release = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const app = new Hono<AppEnv>();
  app.use(requestContext(logger));
  // The slow request logs only after the fast one has started and finished: their lines interleave.
  app.get('/slow', async (c) => {
    logger.info('slow: started');
    await gate;
    logger.warn('slow: resumed');
    return c.text('slow');
  });
  app.get('/fast', (c) => {
    logger.info('fast: handled');
    release();
    return c.text('fast');
  });
  app.get('/fail', () => {
    throw new Error('boom');
  });
  app.onError((error, c) => {
    logger.error('unhandled', { error: error.message });
    return c.text('no', 500);
  });
  return requests.fetch(app);
}

describe('container request scope', () => {
  let restore = () => {};
  afterEach(() => restore());

  it("tags every line of each request with its x-request-id and the ALB's trace root, requests interleaved", async () => {
    const capture = captureLines();
    restore = capture.restore;
    const fetch = scopedApp();
    const root = (n: number) => `1-67891233-abcdef01234567891234567${n}`;

    const [slow, fast] = await Promise.all([
      fetch(
        new Request('http://shop/slow', { headers: { 'X-Amzn-Trace-Id': `Self=1-6789-x;Root=${root(1)}` } }),
      ),
      fetch(new Request('http://shop/fast', { headers: { 'X-Amzn-Trace-Id': `Root=${root(2)};Sampled=1` } })),
    ]);
    capture.restore();

    const slowId = slow.headers.get('x-request-id');
    const fastId = fast.headers.get('x-request-id');
    expect(slowId).toMatch(/^[0-9a-f-]{36}$/);
    expect(fastId).not.toBe(slowId);
    const lines = capture.lines();
    // The fast request ran while the slow one waited: the scope, not the order of lines, tells them apart.
    expect(lines.map((line) => line.message).sort()).toEqual([
      'fast: handled',
      'request',
      'request',
      'slow: resumed',
      'slow: started',
    ]);
    expect(lines.findIndex((line) => line.message === 'fast: handled')).toBeLessThan(
      lines.findIndex((line) => line.message === 'slow: resumed'),
    );
    for (const line of lines) {
      const slowLine = String(line.message).startsWith('slow') || line.path === '/slow';
      expect(line).toMatchObject(
        slowLine
          ? { requestId: slowId, xray_trace_id: root(1) }
          : { requestId: fastId, xray_trace_id: root(2) },
      );
    }
  });

  it("keeps the caller's x-request-id; an error's line carries it; no trace header, no xray_trace_id", async () => {
    const capture = captureLines();
    restore = capture.restore;
    const fetch = scopedApp();

    const response = await fetch(
      new Request('http://shop/fail', { headers: { 'x-request-id': 'client-chosen-1' } }),
    );
    const spoofed = await fetch(
      new Request('http://shop/fast', { headers: { 'X-Amzn-Trace-Id': 'Root=<script>' } }),
    );
    capture.restore();

    expect(response.status).toBe(500);
    expect(response.headers.get('x-request-id')).toBe('client-chosen-1');
    const lines = capture.lines();
    expect(lines.slice(0, 2).map((line) => [line.message, line.requestId])).toEqual([
      ['unhandled', 'client-chosen-1'],
      ['request', 'client-chosen-1'],
    ]);
    expect(lines.slice(2).every((line) => line.requestId === spoofed.headers.get('x-request-id'))).toBe(true);
    for (const line of lines) expect(line).not.toHaveProperty('xray_trace_id');
  });
});
