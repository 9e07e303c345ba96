import { describe, expect, it } from 'vitest';
import { chooseRunner } from '../app/jobs/runner-choice.js';
import type { FileStore } from '../app/ports/file-store.js';
import { estimateFileRows, formatBytes } from './estimates.js';
import { importCatalogJob } from './import-catalog.js';
import type { JobServices } from './job-services.js';

/** Files held in memory, read in chunks of at most `chunk` bytes as a stream would deliver them. */
function filesOf(contents: Record<string, string>, chunk = 4096): FileStore {
  const bytes = (location: string) => {
    const text = contents[location];
    if (text === undefined) throw new Error(`no file ${location}`);
    return new TextEncoder().encode(text);
  };
  return {
    size: async (location) => bytes(location).byteLength,
    async *read(location, range = {}) {
      const all = bytes(location).subarray(range.start ?? 0, range.end);
      for (let at = 0; at < all.byteLength; at += chunk) yield all.subarray(at, at + chunk);
    },
    createWriter: async () => {
      throw new Error('not written in these tests');
    },
  };
}

const product = (id: string) =>
  JSON.stringify({ id, sku: id, name: 'Mug', price: { amount: 900, currency: 'EUR' }, categoryId: 'cups' });

async function importReason(name: string, text: string): Promise<string> {
  const services = { files: filesOf({ [name]: text }) } as unknown as JobServices;
  return chooseRunner(await importCatalogJob.estimate({ file: name }, services)).reason;
}

describe('the import estimate, as the job records it', () => {
  it('is one plain sentence for a one-row file, singular for the one row', async () => {
    const line = `${product('my-mug')}\n`;
    expect(await importReason('catalog.jsonl', line)).toBe(
      `About 1 second for 1 row (counted in a file of ${line.length} bytes) at 2.1 ms per row, which fits Lambda's 10-minute budget.`,
    );
  });

  it('does not count the CSV header as a row', async () => {
    const csv =
      'id,sku,name,description,price_amount,price_currency,category_id,status\n' +
      'a,A-1,Mug,,900,EUR,cups,active\nb,B-1,Cup,,900,EUR,cups,active\n';
    expect(await importReason('catalog.csv', csv)).toMatch(
      /^About 1 second for 2 rows \(counted in a file of/,
    );
  });

  it('extrapolates from the first 64 KB of a larger file and says so', async () => {
    const line = `${product('x'.repeat(40))}\n`;
    const text = line.repeat(Math.ceil((1024 * 1024) / line.length));
    const rows = text.length / line.length;
    const reason = await importReason('big.jsonl', text);
    expect(reason).toContain(`for about ${rows.toLocaleString('en')} rows (a file of 1 MB at about`);
    expect(reason).toContain(`about ${line.length} bytes per row) at 2.1 ms per row`);
    expect(reason).not.toMatch(/[≈×÷]/);
  });
});

describe('estimateFileRows', () => {
  it('counts a last line without a newline, and nothing in an empty file', async () => {
    const files = filesOf({ two: 'a\nb', empty: '' });
    expect(await estimateFileRows(files, 'two')).toMatchObject({ rows: 2, counted: true });
    expect(await estimateFileRows(files, 'empty')).toMatchObject({ rows: 0, counted: true });
  });
});

describe('formatBytes', () => {
  it('writes sizes as people read them', () => {
    expect(formatBytes(1)).toBe('1 byte');
    expect(formatBytes(999)).toBe('999 bytes');
    expect(formatBytes(64_500)).toBe('64.5 KB');
    expect(formatBytes(9_120_000)).toBe('9.1 MB');
    expect(formatBytes(4_294_967_296)).toBe('4.3 GB');
  });
});
