import { useState } from 'preact/hooks';
import { useAsync } from './use-async';

/**
 * Cursor paging as the API does it: the cursors that led to the current page, so Previous goes back
 * through them and Next follows the page's `nextCursor`. Nothing ever loads a whole list.
 *
 * @example
 *   const trail = useCursorTrail();
 *   const page = useAsync(() => api.listOrders({ cursor: trail.cursor }), [trail.cursor]);
 *   <Pager trail={trail} nextCursor={page.state === 'ready' ? page.value.nextCursor : null} />
 */
export function useCursorTrail() {
  // cursors[i] is the cursor of page i (undefined for the first page).
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const pageIndex = cursors.length - 1;
  return {
    cursor: cursors[pageIndex],
    pageIndex,
    back: () => setCursors(cursors.slice(0, -1)),
    forward: (next: string) => setCursors([...cursors, next]),
    restart: () => setCursors([undefined]),
  };
}

export type CursorTrail = ReturnType<typeof useCursorTrail>;

/** The query of one page: `limit`, and the `cursor` once past the first page. */
export const pageQuery = (limit: number, cursor: string | undefined) => ({
  limit,
  ...(cursor === undefined ? {} : { cursor }),
});

/**
 * A list read a page at a time: the trail of cursors, and the page its cursor points at, read again when the
 * cursor or one of `deps` changes, or on reload().
 *
 * @example
 *   const { trail, page, reload } = usePagedList(async (cursor) =>
 *     dataOf(await api().raw.GET('/tax-rates', { params: { query: pageQuery(20, cursor) } })),
 *   );
 */
export function usePagedList<T>(load: (cursor: string | undefined) => Promise<T>, deps: unknown[] = []) {
  const trail = useCursorTrail();
  const [page, reload] = useAsync(() => load(trail.cursor), [trail.cursor, ...deps]);
  return { trail, page, reload };
}

/** Previous / page number / Next; Next is disabled while loading and on the last page (`nextCursor` null). */
export function Pager({ trail, nextCursor }: { trail: CursorTrail; nextCursor: string | null }) {
  return (
    <nav class="pager" aria-label="Pages">
      <button type="button" disabled={trail.pageIndex === 0} onClick={trail.back}>
        Previous
      </button>
      <span>Page {trail.pageIndex + 1}</span>
      <button
        type="button"
        disabled={nextCursor === null}
        onClick={() => nextCursor !== null && trail.forward(nextCursor)}
      >
        Next
      </button>
    </nav>
  );
}
