import { fieldErrorsFromZod } from '../../app/catalog/zod-errors.js';
import type { ProductUpsert } from '../../app/ports/catalog-bulk-writer.js';
import { type Product, productInputSchema } from '../../domain/catalog/product.js';
import type { FieldError } from '../../domain/shared/errors.js';
import { idSchema } from '../../domain/shared/ids.js';
import { type CsvRecord, csvField, csvText, type JsonLine } from './text-records.js';

/** The catalog file formats: JSONL lines are `PUT /products/{id}` bodies plus `id`; CSV has fixed columns. */
export const CATALOG_FORMATS = ['jsonl', 'csv'] as const;
export type CatalogFormat = (typeof CATALOG_FORMATS)[number];

export const CSV_COLUMNS = [
  'id',
  'sku',
  'name',
  'description',
  'price_amount',
  'price_currency',
  'category_id',
  'status',
  'tax_class',
] as const;
export const CSV_HEADER = CSV_COLUMNS.join(',');

/**
 * Which columns a CSV file has, as its header says: the current ones, or those of files written before
 * products had a tax class (no `tax_class` column), which still import: a product they replace keeps its
 * tax class, a new one gets the default.
 */
export interface CsvLayout {
  header: string;
  columns: number;
  taxClass: boolean;
}

export const CSV_LAYOUT: CsvLayout = { header: CSV_HEADER, columns: CSV_COLUMNS.length, taxClass: true };
const WITHOUT_TAX_CLASS: CsvLayout = {
  header: CSV_COLUMNS.slice(0, -1).join(','),
  columns: CSV_COLUMNS.length - 1,
  taxClass: false,
};

/** The layout a header line names, or undefined when it is no header we know. */
export function csvLayoutOf(header: readonly string[]): CsvLayout | undefined {
  const text = header.join(',');
  return [CSV_LAYOUT, WITHOUT_TAX_CLASS].find((layout) => layout.header === text);
}

/** `.csv` is CSV, anything else (`.jsonl`, `.ndjson`, `.json`) JSON lines. */
export function formatOf(location: string, explicit?: CatalogFormat): CatalogFormat {
  return explicit ?? (/\.csv$/i.test(location) ? 'csv' : 'jsonl');
}

/** A row as read: either ready to upsert or rejected with the API's field errors. */
export interface ParsedRow {
  line: number;
  id: string | null;
  upsert?: ProductUpsert;
  errors?: FieldError[];
}

export function rowFromJsonLine(line: number, value: JsonLine): ParsedRow {
  if ('error' in value) return { line, id: null, errors: [{ path: 'body', message: value.error }] };
  let body: unknown;
  try {
    body = JSON.parse(value.text);
  } catch {
    return { line, id: null, errors: [{ path: 'body', message: 'is not valid JSON' }] };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { line, id: null, errors: [{ path: 'body', message: 'must be a JSON object' }] };
  }
  const { id, ...input } = body as Record<string, unknown>;
  return validated(line, id, input, {}, (path) => path);
}

// Zod paths of the PUT body -> the CSV columns they came from, so a report names what the user can fix.
const CSV_PATHS: Record<string, string> = {
  price: 'price_amount',
  'price.amount': 'price_amount',
  'price.currency': 'price_currency',
  categoryId: 'category_id',
  taxClass: 'tax_class',
};

export function rowFromCsv(line: number, record: CsvRecord, layout: CsvLayout = CSV_LAYOUT): ParsedRow {
  if ('error' in record) return { line, id: null, errors: [{ path: 'body', message: record.error }] };
  // Undo what csvField did against spreadsheet formulas: `'=SUM(1)` as written is `=SUM(1)` again.
  const fields = record.fields.map(csvText);
  const id = fields[0] ?? null;
  if (fields.length !== layout.columns) {
    const message = `has ${fields.length} fields, expected ${layout.columns} (${layout.header})`;
    return { line, id, errors: [{ path: 'body', message }] };
  }
  const [, sku, name, description, amount, currency, categoryId, status, taxClass] = fields as string[];
  const input = {
    sku,
    name,
    ...(description === '' ? {} : { description }),
    price: { amount: amount === '' ? undefined : toNumber(amount as string), currency },
    categoryId,
    ...(status === '' ? {} : { status }),
    ...(taxClass === undefined || taxClass === '' ? {} : { taxClass }),
  };
  const keep = { keepAttributes: true, ...(layout.taxClass ? {} : { keepTaxClass: true }) };
  return validated(line, id, input, keep, (path) => CSV_PATHS[path] ?? path);
}

function validated(
  line: number,
  id: unknown,
  input: Record<string, unknown>,
  keep: Pick<ProductUpsert, 'keepAttributes' | 'keepTaxClass'>,
  pathOf: (path: string) => string,
): ParsedRow {
  const errors: FieldError[] = [];
  const idResult = idSchema.safeParse(id);
  if (!idResult.success) errors.push(...fieldErrorsFromZod(idResult.error, 'id'));
  const inputResult = productInputSchema.safeParse(input);
  if (!inputResult.success) errors.push(...fieldErrorsFromZod(inputResult.error));
  const reportedId = typeof id === 'string' ? id : null;
  if (!idResult.success || !inputResult.success) {
    return { line, id: reportedId, errors: errors.map((error) => ({ ...error, path: pathOf(error.path) })) };
  }
  return {
    line,
    id: idResult.data,
    upsert: { id: idResult.data, input: inputResult.data, ...keep },
  };
}

/** A number when the text is one (so `12.5` is told "must be an integer"), else the text for zod to name. */
function toNumber(text: string): number | string {
  const value = Number(text);
  return text.trim() !== '' && Number.isFinite(value) ? value : text;
}

/** The product as a JSONL line: exactly the PUT body plus `id`, so an export imports back unchanged. */
export function productJsonLine(product: Product): string {
  return JSON.stringify({
    id: product.id,
    sku: product.sku,
    name: product.name,
    ...(product.description === undefined ? {} : { description: product.description }),
    price: product.price,
    categoryId: product.categoryId,
    status: product.status,
    attributes: product.attributes,
    taxClass: product.taxClass,
  });
}

export function productCsvLine(product: Product): string {
  return [
    product.id,
    product.sku,
    product.name,
    product.description ?? '',
    String(product.price.amount),
    product.price.currency,
    product.categoryId,
    product.status,
    product.taxClass,
  ]
    .map(csvField)
    .join(',');
}
