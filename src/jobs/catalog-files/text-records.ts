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
 * The non-blank lines of a JSONL file, one at a time: only the current chunk and line are ever in memory.
 * `\r\n` and `\n` both end a line.
 */
export async function* jsonLines(bytes: AsyncIterable<Uint8Array>): AsyncIterable<TextRecord<string>> {
  let pending = '';
  let line = 0;
  for await (const text of decode(bytes)) {
    pending += text;
    let end = pending.indexOf('\n');
    while (end !== -1) {
      line++;
      const content = pending.slice(0, end).replace(/\r$/, '');
      if (content.trim() !== '') yield { line, value: content };
      pending = pending.slice(end + 1);
      end = pending.indexOf('\n');
    }
  }
  line++;
  if (pending.trim() !== '') yield { line, value: pending.replace(/\r$/, '') };
}

/** A CSV record: its fields, or why it could not be read (a quote left open at the end of the file). */
export type CsvRecord = { fields: string[] } | { error: string };

/**
 * RFC 4180 records, streamed: fields separated by commas, records by CRLF or LF; a field in double quotes
 * may hold commas, line breaks and `""` (one quote). Blank lines are skipped. A quote inside an unquoted
 * field is kept as a character, as spreadsheets do.
 */
export async function* csvRecords(bytes: AsyncIterable<Uint8Array>): AsyncIterable<TextRecord<CsvRecord>> {
  let fields: string[] = [];
  let field = '';
  let quoted = false; // inside a quoted field
  let afterQuote = false; // a quote just closed, or was the first half of `""`
  let fieldStarted = false; // the current field has a character or an opening quote
  let line = 1;
  let recordLine = 1;
  const endRecord = (): TextRecord<CsvRecord> | undefined => {
    const record = fields.length === 0 && field === '' && !fieldStarted ? undefined : [...fields, field];
    fields = [];
    field = '';
    fieldStarted = false;
    return record === undefined ? undefined : { line: recordLine, value: { fields: record } };
  };
  for await (const text of decode(bytes)) {
    for (let i = 0; i < text.length; i++) {
      const char = text[i] as string;
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

/** One CSV field, quoted only when it must be (a comma, a quote, a line break, or edge spaces). */
export function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
