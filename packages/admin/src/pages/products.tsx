import type { Category, Product } from '@slimshop/client';
import { useState } from 'preact/hooks';
import { allCategories, api, dataOf } from '../api';
import { href } from '../router';
import { describeError, money } from '../ui/format';
import { Notice } from '../ui/notice';
import { Pager, useCursorTrail } from '../ui/pager';
import { useAsync } from '../ui/use-async';

const PAGE_SIZE = 20;
const SORTS = [
  { value: '-createdAt', label: 'Newest first' },
  { value: 'createdAt', label: 'Oldest first' },
  { value: 'name', label: 'Name' },
  { value: 'price', label: 'Price, low to high' },
  { value: '-price', label: 'Price, high to low' },
] as const;
type Sort = (typeof SORTS)[number]['value'];
type Status = Product['status'];
export const STATUSES: readonly Status[] = ['draft', 'active', 'archived'];

interface Filters {
  q: string;
  categoryId: string;
  status: '' | Status;
  sort: Sort;
}

/**
 * One page of products at a time (the API's `q`, category, status and sort): Next follows the page's
 * `nextCursor`; Previous goes back through the cursors that led here. Nothing loads the whole catalog.
 */
export function ProductsPage() {
  const [draft, setDraft] = useState<Filters>({ q: '', categoryId: '', status: '', sort: '-createdAt' });
  const [filters, setFilters] = useState<Filters>(draft);
  const trail = useCursorTrail();
  const { cursor, pageIndex } = trail;
  const [categories] = useAsync(allCategories, []);
  const [page] = useAsync(
    async () =>
      dataOf(
        await api().raw.GET('/products', {
          params: {
            query: {
              limit: PAGE_SIZE,
              sort: filters.sort,
              ...(filters.q.trim() === '' ? {} : { q: filters.q.trim() }),
              ...(filters.categoryId === '' ? {} : { categoryId: filters.categoryId }),
              ...(filters.status === '' ? {} : { status: filters.status }),
              ...(cursor === undefined ? {} : { cursor }),
            },
          },
        }),
      ),
    [filters, cursor],
  );
  const categoryName = (id: string) =>
    (categories.state === 'ready' ? categories.value.find((c) => c.id === id)?.name : undefined) ?? id;

  const apply = (event: Event) => {
    event.preventDefault();
    setFilters({ ...draft });
    trail.restart();
  };

  return (
    <>
      <div class="page-head">
        <h1>Products</h1>
        <a class="button primary" href={href.newProduct()}>
          New product
        </a>
      </div>
      <form class="filters" onSubmit={apply} aria-label="Filter products">
        <label>
          Search
          <input
            type="search"
            name="q"
            value={draft.q}
            onInput={(e) => setDraft({ ...draft, q: e.currentTarget.value })}
          />
        </label>
        <label>
          Category
          <select
            name="categoryId"
            value={draft.categoryId}
            onChange={(e) => setDraft({ ...draft, categoryId: e.currentTarget.value })}
          >
            <option value="">All categories</option>
            {categories.state === 'ready'
              ? categories.value.map((c: Category) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))
              : null}
          </select>
        </label>
        <label>
          Status
          <select
            name="status"
            value={draft.status}
            onChange={(e) => setDraft({ ...draft, status: e.currentTarget.value as Filters['status'] })}
          >
            <option value="">Any status</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          Sort
          <select
            name="sort"
            value={draft.sort}
            onChange={(e) => setDraft({ ...draft, sort: e.currentTarget.value as Sort })}
          >
            {SORTS.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Apply</button>
      </form>

      {page.state === 'failed' ? <Notice kind="error">{describeError(page.error)}</Notice> : null}
      <div class="table-wrap">
        <table aria-busy={page.state === 'loading'}>
          <caption class="visually-hidden">Products, page {pageIndex + 1}</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">SKU</th>
              <th scope="col">Category</th>
              <th scope="col" class="num">
                Price
              </th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {page.state === 'ready'
              ? page.value.items.map((product) => (
                  <tr key={product.id}>
                    <td>
                      <a href={href.product(product.id)}>{product.name}</a>
                    </td>
                    <td>{product.sku}</td>
                    <td>{categoryName(product.categoryId)}</td>
                    <td class="num">{money(product.price)}</td>
                    <td>
                      <span class={`badge status-${product.status}`}>{product.status}</span>
                    </td>
                  </tr>
                ))
              : null}
          </tbody>
        </table>
      </div>
      {page.state === 'loading' ? <p aria-live="polite">Loading…</p> : null}
      {page.state === 'ready' && page.value.items.length === 0 ? <p>No products match.</p> : null}
      <Pager trail={trail} nextCursor={page.state === 'ready' ? page.value.nextCursor : null} />
    </>
  );
}
