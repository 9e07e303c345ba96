import { createHash } from 'node:crypto';
import type { CategoryListQuery } from '../../domain/catalog/category.js';
import { type ProductListQuery, searchWords } from '../../domain/catalog/product.js';
import { ValidationError } from '../../domain/shared/errors.js';
import type { Page } from '../../domain/shared/page.js';

/**
 * A cursor is the last sort key a page returned plus a fingerprint of the query that produced it. The next
 * page starts strictly after that key, so it works across merged partitions and under concurrent writes;
 * the fingerprint stops a cursor from one query being replayed against another (different filters would
 * silently skip or repeat items).
 */
interface CursorBody {
  k: string;
  h: string;
}

export function productQueryFingerprint(query: ProductListQuery): string {
  return fingerprint({
    sort: query.sort,
    categoryId: query.categoryId ?? null,
    statuses: [...new Set(query.statuses)].sort(),
    minPrice: query.minPrice ?? null,
    maxPrice: query.maxPrice ?? null,
    q: searchWords(query.q ?? '').join(' '),
  });
}

export function categoryQueryFingerprint(query: CategoryListQuery): string {
  return fingerprint({ parentId: query.parentId ?? null });
}

/** Orders: a cursor from one customer's list (or the all-customers list) is useless for another. */
export function orderQueryFingerprint(query: { customerId?: string }): string {
  return fingerprint({ customerId: query.customerId ?? null });
}

export function encodeCursor(lastKey: string, queryFingerprint: string): string {
  const body: CursorBody = { k: lastKey, h: queryFingerprint };
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

/** The last key of the previous page, or undefined for the first page. */
export function decodeCursor(cursor: string | undefined, queryFingerprint: string): string | undefined {
  if (cursor === undefined) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor('is not a cursor returned by this list');
  }
  if (!isCursorBody(body)) throw invalidCursor('is not a cursor returned by this list');
  if (body.h !== queryFingerprint)
    throw invalidCursor('belongs to a different query: start again without it');
  return body.k;
}

// DynamoDB sort keys are at most 1024 bytes: a longer "last key" was not produced by a list.
const MAX_KEY_BYTES = 1024;

function isCursorBody(value: unknown): value is CursorBody {
  if (typeof value !== 'object' || value === null) return false;
  const { k, h } = value as Record<string, unknown>;
  return typeof k === 'string' && typeof h === 'string' && Buffer.byteLength(k) <= MAX_KEY_BYTES;
}

function invalidCursor(message: string): ValidationError {
  return new ValidationError('The cursor is not valid for this query.', [{ path: 'cursor', message }]);
}

function fingerprint(normalised: Record<string, unknown>): string {
  return createHash('sha256').update(JSON.stringify(normalised)).digest('base64url').slice(0, 16);
}

/**
 * Builds a page from up to `limit + 1` entries in list order: the extra entry only proves that another
 * page exists, so `nextCursor` is null exactly on the last page.
 */
export function pageFrom<T>(
  entries: readonly { key: string; item: T }[],
  limit: number,
  queryFingerprint: string,
): Page<T> {
  const page = entries.slice(0, limit);
  const last = page.at(-1);
  const hasMore = entries.length > limit && last !== undefined;
  return {
    items: page.map((entry) => entry.item),
    nextCursor: hasMore ? encodeCursor(last.key, queryFingerprint) : null,
  };
}
