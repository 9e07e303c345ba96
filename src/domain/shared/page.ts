/** One page of a cursor-paginated list. `nextCursor` is null only on the last page. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;
