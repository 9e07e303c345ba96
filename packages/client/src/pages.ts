/** One page of a list operation: `{ items, nextCursor }`, `nextCursor` null on the last page. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * Every item of a cursor-paginated list, page after page, fetched as the loop asks for them: stop the loop
 * and no further page is read.
 *
 * @example
 * for await (const product of everyItem((cursor) => fetchPage({ cursor }))) console.log(product.name);
 */
export async function* everyItem<T>(
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
): AsyncGenerator<T> {
  let cursor: string | undefined;
  do {
    const page = await fetchPage(cursor);
    yield* page.items;
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
}
