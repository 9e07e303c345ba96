import { describe, expect, it } from 'vitest';
import type { FileStore } from '../../app/ports/file-store.js';
import { createRoutingFileStore } from './file-store.js';

/** A store that records which locations reach it. */
function recording(): FileStore & { seen: string[] } {
  const seen: string[] = [];
  return {
    seen,
    size: async (location) => {
      seen.push(location);
      return 1;
    },
    read: async function* () {},
    createWriter: async () => ({ write: async () => {}, close: async () => {}, abort: async () => {} }),
  };
}

describe('routing job files', () => {
  it('on AWS (one bucket, no folder): a bare key is a key in the jobs bucket', async () => {
    const s3 = recording();
    const files = createRoutingFileStore({ s3: async () => s3, buckets: ['jobs'] });
    await files.size('exports/c.csv');
    await files.size('s3://jobs/in/x.jsonl');
    expect(s3.seen).toEqual(['s3://jobs/exports/c.csv', 's3://jobs/in/x.jsonl']);
    expect(files.canonical?.('exports/c.csv')).toBe('s3://jobs/exports/c.csv');
    expect(files.canonical?.('s3://jobs/in/x.jsonl')).toBe('s3://jobs/in/x.jsonl');
    expect(await files.refusal?.('/etc/passwd', 'read')).toMatch(
      /must be s3:\/\/jobs\/<key> or just the <key>/,
    );
    expect(await files.refusal?.('s3://other/x', 'read')).toMatch(/must be s3:\/\/jobs\/<key>/);
  });

  it('with a jobs folder, a relative path stays a path in it', async () => {
    const local = recording();
    const s3 = recording();
    const files = createRoutingFileStore({ local, s3: async () => s3, buckets: ['jobs'] });
    await files.size('exports/c.csv');
    expect(local.seen).toEqual(['exports/c.csv']);
    expect(s3.seen).toEqual([]);
    expect(files.canonical?.('exports/c.csv')).toBe('exports/c.csv');
  });
});
