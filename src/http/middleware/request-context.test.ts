import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { recordingLogger } from '../../../test/support/recording-logger.js';
import type { AppEnv } from '../app-env.js';
import { requestContext } from './request-context.js';

describe('the request log line', () => {
  it('names the path, but not the token of a signed job file link (its credential)', async () => {
    const { logger, logs } = recordingLogger();
    const app = new Hono<AppEnv>();
    app.use(requestContext(logger));
    app.all('*', (c) => c.body(null, 204));
    for (const path of ['/products/p-1', '/jobs/uploads/eyJhIjoxfQ.c2ln', '/jobs/downloads/eyJhIjoxfQ.c2ln'])
      await app.request(path, { method: path.includes('uploads') ? 'PUT' : 'GET' });
    expect(logs.map((line) => line.fields?.path)).toEqual([
      '/products/p-1',
      '/jobs/uploads/…',
      '/jobs/downloads/…',
    ]);
    expect(JSON.stringify(logs)).not.toContain('c2ln');
  });
});
