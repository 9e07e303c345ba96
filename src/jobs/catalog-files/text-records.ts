/** A record of a text file and the 1-based line it starts on (what a rejection report points at). */
export interface TextRecord<T> {
  line: number;
  value: T;
}

/** Decodes UTF-8 bytes into text chunks; a leading byte-order mark is dropped (spreadsheets write one). */
async function* decode(bytes: AsyncIterable<Uint8Array>): AsyncIterable<string> {
  const decoder = new TextDecoder('utf-8', { ignoreBOM: false });
  for await (const chunk of bytes) yield decoder.decode(chunk, { stream: true });
  const rest = decoder.decode();
  if (rest !== '') yield rest;
}

/**
 * The longest record (a JSONL line, a CSV record) read into memory: 1 MiB. A longer one is skipped and told
 * as an error record; reading goes on after it. Without a bound, a file without a single newline (or a CSV
 * quote never closed) would be held whole in memory, however large. A product's row is a few hundred bytes.
 */
export const MAX_RECORD_BYTES = 1024 * 1024;

/** Built when needed: toLocaleString loads ICU's locale data on its first call. */
const tooLongMessage = (maxBytes: number) => `is longer than ${maxBytes.toLocaleString('en')} bytes: skipped`;

/** A JSONL line: its text, or why it was not read (too long). */
export type JsonLine = { text: string } | { error: string };

const NEWLINE = 0x0a;

/**
 * The non-blank lines of a JSONL file, one at a time: only the current chunk and line are ever in memory,
 * and a line longer than `maxBytes` is never held (its bytes are dropped as they arrive, and it comes out as
 * an error). `\r\n` and `\n` both end a line; a leading byte-order mark is dropped. Lines are cut on the raw
 * bytes (a newline byte never occurs inside a multi-byte UTF-8 character), then decoded.
 */
export async function* jsonLines(
  bytes: AsyncIterable<Uint8Array>,
  maxBytes = MAX_RECORD_BYTES,
): AsyncIterable<TextRecord<JsonLine>> {
  const decoder = new TextDecoder('utf-8');
  let parts: Uint8Array[] = [];
  let size = 0;
  let tooLong = false;
  let line = 0;
  const finish = (): TextRecord<JsonLine> | undefined => {
    line++;
    const record: TextRecord<JsonLine> | undefined = tooLong
      ? { line, value: { error: tooLongMessage(maxBytes) } }
      : lineRecord(line, decoder.decode(parts.length === 1 ? parts[0] : concat(parts, size)));
    parts = [];
    size = 0;
    tooLong = false;
    return record;
  };
  for await (const chunk of bytes) {
    let start = 0;
    for (;;) {
      const end = chunk.indexOf(NEWLINE, start);
      const piece = chunk.subarray(start, end === -1 ? chunk.length : end);
      if (!tooLong && size + piece.byteLength > maxBytes) {
        tooLong = true;
        parts = [];
      }
      if (!tooLong && piece.byteLength > 0) {
        parts.push(piece);
        size += piece.byteLength;
      }
      if (end === -1) break;
      const record = finish();
      if (record !== undefined) yield record;
      start = end + 1;
    }
  }
  if (size > 0 || tooLong) {
    const record = finish();
    if (record !== undefined) yield record;
  }
}

function lineRecord(line: number, text: string): TextRecord<JsonLine> | undefined {
  // TextDecoder drops a byte-order mark only at the start of a stream; each line is decoded on its own.
  const content = (line === 1 ? text.replace(/^\ufeff/, '') : text).replace(/\r$/, '');
  return content.trim() === '' ? undefined : { line, value: { text: content } };
}

function concat(parts: readonly Uint8Array[], size: number): Uint8Array {
  const all = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    all.set(part, offset);
    offset += part.byteLength;
  }
  return all;
}

/** A CSV record: its fields, or why it could not be read (a quote left open at the end of the file). */
export type CsvRecord = { fields: string[] } | { error: string };

/**
 * RFC 4180 records, streamed: fields separated by commas, records by CRLF or LF; a field in double quotes
 * may hold commas, line breaks and `""` (one quote). Blank lines are skipped. A quote inside an unquoted
 * field is kept as a character, as spreadsheets do. A record longer than `maxBytes` (UTF-8) is not kept:
 * its characters are only followed for quotes and line ends, and it comes out as an error.
 */
export async function* csvRecords(
  bytes: AsyncIterable<Uint8Array>,
  maxBytes = MAX_RECORD_BYTES,
): AsyncIterable<TextRecord<CsvRecord>> {
  let fields: string[] = [];
  let field = '';
  let quoted = false; // inside a quoted field
  let afterQuote = false; // a quote just closed, or was the first half of `""`
  let fieldStarted = false; // the current field has a character or an opening quote
  let line = 1;
  let recordLine = 1;
  let recordBytes = 0;
  const endRecord = (): TextRecord<CsvRecord> | undefined => {
    const over = recordBytes > maxBytes;
    const record = fields.length === 0 && field === '' && !fieldStarted ? undefined : [...fields, field];
    fields = [];
    field = '';
    fieldStarted = false;
    recordBytes = 0;
    if (over) return { line: recordLine, value: { error: tooLongMessage(maxBytes) } };
    return record === undefined ? undefined : { line: recordLine, value: { fields: record } };
  };
  for await (const text of decode(bytes)) {
    for (let i = 0; i < text.length; i++) {
      const char = text[i] as string;
      recordBytes += utf8Bytes(char.charCodeAt(0));
      if (recordBytes > maxBytes && (field !== '' || fields.length > 0)) {
        // Over the bound: drop what was kept; the state below still finds where the record ends.
        field = '';
        fields = [];
        fieldStarted = true;
      }
      if (quoted) {
        if (char === '"') {
          quoted = false;
          afterQuote = true;
        } else {
          if (char === '\n') line++;
          field += char;
        }
        continue;
      }
      if (char === '"') {
        if (afterQuote) {
          field += '"'; // `""` inside quotes
          quoted = true;
          afterQuote = false;
        } else if (!fieldStarted) {
          quoted = true;
          fieldStarted = true;
        } else field += char;
        continue;
      }
      afterQuote = false;
      if (char === ',') {
        fields.push(field);
        field = '';
        fieldStarted = false;
      } else if (char === '\n') {
        const record = endRecord();
        if (record !== undefined) yield record;
        line++;
        recordLine = line;
      } else if (char === '\r') {
        // part of CRLF (a lone CR in an unquoted field is dropped too)
      } else {
        field += char;
        fieldStarted = true;
      }
    }
  }
  if (quoted) {
    yield { line: recordLine, value: { error: 'a quoted field is not closed before the end of the file' } };
    return;
  }
  const record = endRecord();
  if (record !== undefined) yield record;
}

/** The UTF-8 length of a UTF-16 code unit: each half of a surrogate pair counts 2 (4 for the character). */
function utf8Bytes(code: number): number {
  if (code < 0x80) return 1;
  if (code < 0x800 || (code >= 0xd800 && code <= 0xdfff)) return 2;
  return 3;
}

// What a spreadsheet reads as the start of a formula (OWASP, CSV injection): = + - @ tab CR. Quotes before
// them count too: a value that itself starts with ' and one of these is escaped the same way, so reading
// strips exactly one quote from whatever was written with one added.
const FORMULA_START = /^'*[=+\-@\t\r]/;
const ESCAPED_FORMULA = /^'+[=+\-@\t\r]/;
// A plain number ("-5", "1.5e-3") is read as a number, never as a formula: it stays as it is.
const PLAIN_NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;

/**
 * One CSV field as we write it: a value a spreadsheet would run as a formula gets a leading `'` (which
 * spreadsheets show as text), then the field is quoted only when it must be (a comma, a quote, a line break,
 * or edge spaces). csvText(field) as read gives the value back exactly.
 */
export function csvField(value: string): string {
  const safe = FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
  return /[",\r\n]|^\s|\s$/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A CSV field as read (csvRecords), back to the value csvField was given: one formula-guarding `'` removed. */
export function csvText(field: string): string {
  return ESCAPED_FORMULA.test(field) ? field.slice(1) : field;
}
