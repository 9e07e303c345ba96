import { describe, expect, it } from 'vitest';
import { csvField, csvRecords, jsonLines, MAX_RECORD_BYTES } from './text-records.js';

const bytes = (text: string) => new TextEncoder().encode(text);

/** The text as a stream cut at `cut` (and byte by byte past it), so every boundary case is exercised. */
async function* chunked(text: string, cut: number): AsyncIterable<Uint8Array> {
  const all = bytes(text);
  yield all.slice(0, cut);
  for (let i = cut; i < all.length; i += 7) yield all.slice(i, i + 7);
}

async function collect<T>(records: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const record of records) out.push(record);
  return out;
}

const CSV = [
  'id,sku,name',
  'a,"S,1","Tea ""Assam"", 1 kg"',
  '',
  'b,S2,"two',
  'lines, and ""quotes"""',
  'c,S3,Caf\u00e9 \u2615\r',
  'd,,',
].join('\n');

describe('csvRecords', () => {
  it('reads RFC 4180 quoting (commas, doubled quotes, line breaks) at any chunk boundary, with start lines', async () => {
    const expected = [
      { line: 1, value: { fields: ['id', 'sku', 'name'] } },
      { line: 2, value: { fields: ['a', 'S,1', 'Tea "Assam", 1 kg'] } },
      { line: 4, value: { fields: ['b', 'S2', 'two\nlines, and "quotes"'] } },
      { line: 6, value: { fields: ['c', 'S3', 'Caf\u00e9 \u2615'] } },
      { line: 7, value: { fields: ['d', '', ''] } },
    ];
    for (let cut = 0; cut <= bytes(CSV).length; cut += 3) {
      expect(await collect(csvRecords(chunked(CSV, cut)))).toEqual(expected);
    }
  });

  it('reports a quote left open at the end of the file instead of swallowing the rest', async () => {
    expect(await collect(csvRecords(chunked('a,b\nc,"open\nd,e\n', 5)))).toEqual([
      { line: 1, value: { fields: ['a', 'b'] } },
      { line: 2, value: { error: 'a quoted field is not closed before the end of the file' } },
    ]);
  });

  it('skips a record longer than the bound (a quote left open included), and reads on after it', async () => {
    const text = `a,b\n"${'x'.repeat(8)}\n,${'y'.repeat(8)}",z\n${'w,'.repeat(20)}\nc,d\n`;
    const tooLong = { error: 'is longer than 12 bytes: skipped' };
    for (let cut = 0; cut <= text.length; cut += 2) {
      expect(await collect(csvRecords(chunked(text, cut), 12))).toEqual([
        { line: 1, value: { fields: ['a', 'b'] } },
        { line: 2, value: tooLong },
        { line: 4, value: tooLong },
        { line: 5, value: { fields: ['c', 'd'] } },
      ]);
    }
  });

  it('writes fields that read back identically', async () => {
    const values = ['plain', 'with, comma', 'with "quote"', 'two\nlines', ' padded ', ''];
    const line = `${values.map(csvField).join(',')}\n`;
    expect(await collect(csvRecords(chunked(line, 4)))).toEqual([{ line: 1, value: { fields: values } }]);
  });
});

describe('jsonLines', () => {
  it('yields non-blank lines with their line numbers, CRLF or LF, a BOM dropped, the last line without a newline', async () => {
    const text = '\ufeff{"a":1}\r\n\n  \n{"b":"\u00e9"}\n{"c":3}';
    expect(await collect(jsonLines(chunked(text, 2)))).toEqual([
      { line: 1, value: { text: '{"a":1}' } },
      { line: 4, value: { text: '{"b":"\u00e9"}' } },
      { line: 5, value: { text: '{"c":3}' } },
    ]);
  });

  it('skips a line longer than the bound, telling it, and reads on after its newline (any chunk boundary)', async () => {
    const text = `{"a":1}\n${'x'.repeat(25)}\n{"\u00e9":2}\n${'y'.repeat(11)}`;
    const tooLong = { error: 'is longer than 10 bytes: skipped' };
    for (let cut = 0; cut <= text.length; cut++) {
      expect(await collect(jsonLines(chunked(text, cut), 10))).toEqual([
        { line: 1, value: { text: '{"a":1}' } },
        { line: 2, value: tooLong },
        // 10 bytes exactly: é is two.
        { line: 3, value: { text: '{"\u00e9":2}' } },
        { line: 4, value: tooLong },
      ]);
    }
  });

  it('reads a file of one endless line to its end, keeping none of it', async () => {
    async function* endless(): AsyncIterable<Uint8Array> {
      const block = new Uint8Array(64 * 1024).fill(0x78);
      for (let sent = 0; sent < 48 * MAX_RECORD_BYTES; sent += block.length) yield block;
    }
    expect(await collect(jsonLines(endless()))).toEqual([
      { line: 1, value: { error: 'is longer than 1,048,576 bytes: skipped' } },
    ]);
  });
});
