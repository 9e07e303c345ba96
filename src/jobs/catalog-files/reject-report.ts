import type { FileWriter } from '../../app/ports/file-store.js';
import type { FieldError } from '../../domain/shared/errors.js';

/** A row the import did not apply, as its report line says it. */
export interface RejectedRow {
  /** 1-based line of the file the row starts on. */
  line: number;
  id: string | null;
  errors: FieldError[];
}

export interface ReportLimits {
  /** Rejected rows written in full; later ones are only counted by reason. */
  rows: number;
  /** Distinct reasons counted one by one; later ones are counted together. */
  reasons: number;
}

/**
 * 1,000 rows are more than anyone reads to fix a file, and enough to see every kind of mistake; past them a
 * file of bad rows would make a report larger than itself. Reasons can hold values (a SKU), hence their bound.
 */
export const REPORT_LIMITS: ReportLimits = { rows: 1_000, reasons: 100 };
// One row with a thousand bad attributes would otherwise be a line of a thousand errors.
const ERRORS_PER_ROW = 20;
const ID_CHARS = 200;

/** The last line of a report that omitted rows: how many, and how many per reason. */
export interface OmittedLine {
  omitted: number;
  reasons: { path: string; message: string; rows: number }[];
}

/**
 * The rejection report of an import: one JSON line per rejected row (`{ line, id, errors }`) for the first
 * `limits.rows` rows; after that only a count per reason (`path` and `message`), written on close() as one
 * last line `{ "omitted": n, "reasons": [{ path, message, rows }] }`, most frequent first. Its size is
 * bounded whatever the input. The file is created by the first row, or by open().
 *
 * @example
 * const report = createRejectReport(() => files.createWriter('catalog.jsonl.rejected.jsonl', 'application/x-ndjson'));
 * await report.add({ line: 7, id: 'p-7', errors: [{ path: 'name', message: 'is required' }] });
 * await report.close();
 */
export function createRejectReport(open: () => Promise<FileWriter>, limits: ReportLimits = REPORT_LIMITS) {
  let writer: Promise<FileWriter> | undefined;
  let written = 0;
  let omitted = 0;
  const counts = new Map<string, { path: string; message: string; rows: number }>();
  const opening = () => {
    writer ??= open();
    return writer;
  };
  let other: { path: string; message: string; rows: number } | undefined;
  const count = (error: FieldError) => {
    const key = `${error.path}\u0000${error.message}`;
    let entry = counts.get(key);
    if (entry === undefined && counts.size < limits.reasons) {
      entry = { path: error.path, message: error.message, rows: 0 };
      counts.set(key, entry);
    }
    entry ??= other ??= { path: '*', message: 'other reasons', rows: 0 };
    entry.rows++;
  };

  return {
    open: opening,
    opened: () => writer !== undefined,
    async add(row: RejectedRow): Promise<void> {
      const out = await opening();
      if (written < limits.rows) {
        written++;
        await out.write(`${JSON.stringify(bounded(row))}\n`);
        return;
      }
      omitted++;
      // A row with several errors counts once per distinct reason.
      for (const error of new Map(row.errors.map((e) => [`${e.path}\u0000${e.message}`, e])).values()) {
        count(error);
      }
    },
    async close(): Promise<void> {
      if (writer === undefined) return;
      const out = await writer;
      if (omitted > 0) {
        const reasons = [...counts.values()].sort((a, b) => b.rows - a.rows);
        if (other !== undefined) reasons.push(other);
        const last: OmittedLine = { omitted, reasons };
        await out.write(`${JSON.stringify(last)}\n`);
      }
      await out.close();
    },
    async abort(): Promise<void> {
      if (writer !== undefined) await (await writer).abort();
    },
  };
}

/** The row as written: an id and an error list of bounded length. */
function bounded(row: RejectedRow): RejectedRow {
  const id = row.id !== null && row.id.length > ID_CHARS ? `${row.id.slice(0, ID_CHARS)}…` : row.id;
  if (row.errors.length <= ERRORS_PER_ROW) return { ...row, id };
  const more = row.errors.length - ERRORS_PER_ROW;
  return {
    line: row.line,
    id,
    errors: [...row.errors.slice(0, ERRORS_PER_ROW), { path: '*', message: `and ${more} more errors` }],
  };
}
