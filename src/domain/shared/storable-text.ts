import * as z from './zod.js';

/**
 * Characters no text of ours may hold: control characters (Unicode's Cc: the C0 controls, DEL and the C1
 * controls) other than tab and newline, and lone surrogates. A newline may be written CRLF, as Windows,
 * browsers submitting a textarea and CSV files (RFC 4180) write it; a carriage return on its own is refused.
 * PostgreSQL refuses U+0000 in any text column (an order snapshotting such a product name would fail at
 * checkout), a lone surrogate has no UTF-8 encoding at all (DynamoDB and PostgreSQL both refuse it), and
 * the other controls only ever reach us by accident or to mess with logs and terminals. With the `u` flag
 * a well-formed surrogate pair is one code point, so emoji pass and only lone halves match.
 */
const UNSTORABLE = /\r(?!\n)|(?![\t\n\r])\p{Cc}|\p{Cs}/u;

export const UNSTORABLE_TEXT_MESSAGE =
  'must not contain control characters (other than tab and newline) or unpaired surrogates';

/** True when every store of ours can hold `text` as it is. */
export function isStorableText(text: string): boolean {
  return !UNSTORABLE.test(text);
}

/** The zod check behind storableText, for a string schema built elsewhere. */
export const storable = () => z.refine<string>(isStorableText, UNSTORABLE_TEXT_MESSAGE);

/**
 * A string schema for any client text that reaches storage (names, descriptions, reasons, attribute
 * values): the given checks, then the storable-characters check, so a bad character is a 400 naming the
 * field instead of a failed write. Give `z.trim()` first when surrounding whitespace should go.
 *
 * @example
 * const categoryName = storableText(z.trim(), z.minLength(1), z.maxLength(200));
 * z.parse(categoryName, '  Mugs ');   // 'Mugs'
 * z.parse(categoryName, 'Mu\u0000gs'); // throws: must not contain control characters ...
 */
export function storableText(...checks: z.core.$ZodCheck<string>[]) {
  return z.string().check(...checks, storable());
}
