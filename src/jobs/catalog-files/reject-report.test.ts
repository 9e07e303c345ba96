import { describe, expect, it } from 'vitest';
import type { FileWriter } from '../../app/ports/file-store.js';
import { createRejectReport } from './reject-report.js';

/** A writer keeping what it was given: the report's own logic is what is tested here. */
function memoryWriter() {
  const file = { text: '', closed: false, aborted: false };
  const writer: FileWriter = {
    async write(chunk) {
      file.text += chunk;
    },
    async close() {
      file.closed = true;
    },
    async abort() {
      file.aborted = true;
    },
  };
  return { file, open: async () => writer };
}

const lines = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));

describe('reject report', () => {
  it('writes the first rows in full, then one last line counting the rest by reason, most frequent first', async () => {
    const { file, open } = memoryWriter();
    const report = createRejectReport(open, { rows: 2, reasons: 10 });
    for (let line = 1; line <= 7; line++) {
      const errors =
        line % 3 === 0
          ? [{ path: 'body', message: 'is not valid JSON' }]
          : [
              { path: 'name', message: 'is required' },
              { path: 'name', message: 'is required' },
            ];
      await report.add({ line, id: `p-${line}`, errors });
    }
    await report.close();
    expect(file.closed).toBe(true);
    expect(lines(file.text)).toEqual([
      {
        line: 1,
        id: 'p-1',
        errors: [
          { path: 'name', message: 'is required' },
          { path: 'name', message: 'is required' },
        ],
      },
      {
        line: 2,
        id: 'p-2',
        errors: [
          { path: 'name', message: 'is required' },
          { path: 'name', message: 'is required' },
        ],
      },
      {
        omitted: 5,
        reasons: [
          { path: 'name', message: 'is required', rows: 3 },
          { path: 'body', message: 'is not valid JSON', rows: 2 },
        ],
      },
    ]);
  });

  it('counts reasons beyond its bound together, and bounds a row’s id and error list', async () => {
    const { file, open } = memoryWriter();
    const report = createRejectReport(open, { rows: 1, reasons: 2 });
    const errors = Array.from({ length: 30 }, (_, i) => ({ path: `attributes.a${i}`, message: 'is bad' }));
    await report.add({ line: 1, id: 'x'.repeat(5000), errors });
    for (let i = 0; i < 4; i++) {
      await report.add({ line: 2 + i, id: null, errors: [{ path: 'sku', message: `SKU "S${i}" is taken` }] });
    }
    await report.close();
    const [first, last] = lines(file.text);
    expect(first.id).toBe(`${'x'.repeat(200)}…`);
    expect(first.errors).toHaveLength(21);
    expect(first.errors.at(-1)).toEqual({ path: '*', message: 'and 10 more errors' });
    expect(last).toEqual({
      omitted: 4,
      reasons: [
        { path: 'sku', message: 'SKU "S0" is taken', rows: 1 },
        { path: 'sku', message: 'SKU "S1" is taken', rows: 1 },
        { path: '*', message: 'other reasons', rows: 2 },
      ],
    });
  });

  it('creates no file without a rejected row unless opened', async () => {
    const { file, open } = memoryWriter();
    const report = createRejectReport(open);
    await report.close();
    expect(report.opened()).toBe(false);
    expect(file.closed).toBe(false);
  });
});
