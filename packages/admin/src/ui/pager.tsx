import { useState } from 'preact/hooks';

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
