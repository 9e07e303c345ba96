import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Product } from '../../domain/catalog/product.js';
import { isStorableText } from '../../domain/shared/storable-text.js';
import { productCsvLine, rowFromCsv } from './catalog-rows.js';
import { type CsvRecord, csvField, csvRecords, csvText } from './text-records.js';

async function records(text: string): Promise<CsvRecord[]> {
  async function* bytes() {
    yield new TextEncoder().encode(text);
  }
  const out: CsvRecord[] = [];
  for await (const record of csvRecords(bytes())) out.push(record.value);
  return out;
}

/** The fields of one CSV line, as a spreadsheet (or csvRecords) reads them. */
async function cells(line: string): Promise<string[]> {
  const [record] = await records(`${line}\n`);
  if (record === undefined || 'error' in record) throw new Error(`not one record: ${line}`);
  return record.fields;
}

const FORMULA = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;

// Strings dense in what matters here (formula starts, quotes, separators), and any Unicode text.
const tricky = fc.oneof(
  fc.string({
    unit: fc.constantFrom("'", '=', '+', '-', '@', '\t', '\r', '\n', '"', ',', ' ', 'a', '1', '.'),
  }),
  fc.string({ unit: 'binary' }),
);

describe('CSV fields against spreadsheet formulas', () => {
  it('writes a value that would start a formula with a leading quote', async () => {
    expect(csvField('=HYPERLINK("http://evil.example","click")')).toBe(
      `"'=HYPERLINK(""http://evil.example"",""click"")"`,
    );
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('-2+3')).toBe("'-2+3");
    expect(csvField('\tcmd')).toBe("'\tcmd");
    expect(csvField("'=already quoted")).toBe("''=already quoted");
    // Numbers are numbers to a spreadsheet, and text that merely contains these characters is text.
    expect(csvField('-5')).toBe('-5');
    expect(csvField('a=b')).toBe('a=b');
    expect(csvField("'plain")).toBe("'plain");
  });

  it('no cell a spreadsheet reads starts a formula, other than a plain number', async () => {
    await fc.assert(
      fc.asyncProperty(tricky, async (value) => {
        const [, cell] = await cells(`x,${csvField(value)}`);
        expect(cell !== undefined && FORMULA.test(cell) && !PLAIN_NUMBER.test(cell)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('reads back exactly the value written, quotes of its own included', async () => {
    await fc.assert(
      fc.asyncProperty(tricky, tricky, async (first, second) => {
        const read = await cells(`x,${csvField(first)},${csvField(second)}`);
        expect(read.slice(1).map(csvText)).toEqual([first, second]);
      }),
      { numRuns: 500 },
    );
  });

  it('exports a product and imports the same name and description back', async () => {
    // The text the product schema accepts (storable text, a trimmed name), dense in formula starts.
    const text = fc.string({
      unit: fc.oneof(
        fc.constantFrom("'", '=', '+', '-', '@', '\t', '\n', '"', ',', ' '),
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
      ),
    });
    const name = text
      .map((value) => value.trim())
      .filter((value) => value.length > 0 && value.length <= 200 && isStorableText(value));
    const description = text.filter((value) => value.length <= 5000 && isStorableText(value));
    await fc.assert(
      fc.asyncProperty(name, description, async (productName, productDescription) => {
        const product: Product = {
          id: 'p-1',
          sku: '=SKU-1',
          name: productName,
          description: productDescription,
          price: { amount: 990, currency: 'EUR' },
          categoryId: 'tea',
          status: 'active',
          attributes: {},
          taxClass: 'standard',
          createdAt: '2026-01-01T00:00:00.000Z',
          updatedAt: '2026-01-01T00:00:00.000Z',
          version: 1,
        };
        const [record] = await records(`${productCsvLine(product)}\n`);
        const row = rowFromCsv(1, record as CsvRecord);
        expect(row.errors).toBeUndefined();
        expect(row.upsert?.input).toMatchObject({
          sku: '=SKU-1',
          name: productName,
          ...(productDescription === '' ? {} : { description: productDescription }),
        });
      }),
      { numRuns: 300 },
    );
  });
});
