import { ValidationError } from '../../domain/shared/errors.js';
import { decodeCursor } from '../shared/list-cursor.js';

/** The position after which the next page starts: exact to the microsecond PostgreSQL stores. */
export interface OrderPosition {
  createdMicros: string;
  id: string;
}

const KEY = /^(\d{1,18}):([A-Za-z0-9_-]{1,64})$/;

export function cursorKey(row: { created_micros: string; id: string }): string {
  return `${row.created_micros}:${row.id}`;
}

export function afterCursor(cursor: string | undefined, fingerprint: string): OrderPosition | undefined {
  const key = decodeCursor(cursor, fingerprint);
  if (key === undefined) return undefined;
  const match = KEY.exec(key);
  if (match?.[1] === undefined || match[2] === undefined) {
    throw new ValidationError('The cursor is not valid for this query.', [
      { path: 'cursor', message: 'is not a cursor returned by this list' },
    ]);
  }
  return { createdMicros: match[1], id: match[2] };
}
