import type { Product } from '@slimshop/client';
import { useState } from 'preact/hooks';
import { api, dataOf } from '../api';
import { href } from '../router';
import { Dialog } from '../ui/dialog';
import { InputField } from '../ui/field';
import { describeError } from '../ui/format';
import { Notice } from '../ui/notice';
import { wholeNumber } from '../ui/number-input';
import { Pager, useCursorTrail } from '../ui/pager';
import { useAsync } from '../ui/use-async';
import { MAX_STOCK, StockForms } from './stock-forms';

const PAGE_SIZE = 20;

interface Row {
  product: Product;
  /** undefined when its stock could not be read. */
  available: number | undefined;
}

/**
 * Stock per product, a page of products at a time (by name), each with its units from GET /inventory. The
 * API has no stock list and no low-stock query, so the low-stock filter narrows the page on screen.
 */
export function InventoryPage() {
  const [search, setSearch] = useState('');
  const [q, setQ] = useState('');
  const [thresholdText, setThresholdText] = useState('');
  const [editing, setEditing] = useState<Row | undefined>(undefined);
  const [open, setOpen] = useState(false);
  const [changed, setChanged] = useState<string | undefined>(undefined);
  const trail = useCursorTrail();
  const { cursor, pageIndex } = trail;
  const [page, reload] = useAsync(async () => {
    const products = dataOf(
      await api().raw.GET('/products', {
        params: {
          query: {
            limit: PAGE_SIZE,
            sort: 'name',
            ...(q === '' ? {} : { q }),
            ...(cursor === undefined ? {} : { cursor }),
          },
        },
      }),
    );
    const levels = await Promise.allSettled(products.items.map((p) => api().getInventory(p.id)));
    const rows: Row[] = products.items.map((product, i) => {
      const level = levels[i];
      return { product, available: level?.status === 'fulfilled' ? level.value.available : undefined };
    });
    return { rows, nextCursor: products.nextCursor };
  }, [q, cursor]);

  const threshold =
    thresholdText.trim() === '' ? undefined : wholeNumber(thresholdText, { min: 0, max: MAX_STOCK });
  const thresholdErrors = typeof threshold === 'string' ? [threshold] : [];
  const rows =
    page.state === 'ready'
      ? page.value.rows.filter(
          (row) =>
            typeof threshold !== 'number' || (row.available !== undefined && row.available <= threshold),
        )
      : [];

  return (
    <>
      <h1>Inventory</h1>
      <form
        class="filters"
        aria-label="Filter products"
        onSubmit={(event) => {
          event.preventDefault();
          setQ(search.trim());
          trail.restart();
        }}
      >
        <label>
          Search products
          <input type="search" value={search} onInput={(e) => setSearch(e.currentTarget.value)} />
        </label>
        <button type="submit">Search</button>
        <InputField
          id="low-stock"
          label="Low stock: at most (units)"
          hint="Filters this page only: the API has no low-stock query. Empty shows every product."
          errors={thresholdErrors}
          inputMode="numeric"
          size={8}
          value={thresholdText}
          onInput={(e) => setThresholdText(e.currentTarget.value)}
        />
      </form>
      {changed === undefined ? null : <Notice kind="success">{changed}</Notice>}
      {page.state === 'failed' ? <Notice kind="error">{describeError(page.error)}</Notice> : null}
      <div class="table-wrap">
        <table aria-busy={page.state === 'loading'}>
          <caption class="visually-hidden">Stock by product, page {pageIndex + 1}</caption>
          <thead>
            <tr>
              <th scope="col">Product</th>
              <th scope="col">SKU</th>
              <th scope="col">Status</th>
              <th scope="col" class="num">
                Available
              </th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.product.id}>
                <td>
                  <a href={href.product(row.product.id)}>{row.product.name}</a>
                </td>
                <td>{row.product.sku}</td>
                <td>
                  <span class={`badge status-${row.product.status}`}>{row.product.status}</span>
                </td>
                <td class="num">
                  {row.available === undefined ? 'unknown' : row.available}
                  {row.available === 0 ? ' (out of stock)' : ''}
                </td>
                <td>
                  <button
                    type="button"
                    onClick={() => {
                      setChanged(undefined);
                      setEditing(row);
                      setOpen(true);
                    }}
                  >
                    Change stock<span class="visually-hidden"> of {row.product.name}</span>…
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {page.state === 'loading' ? <p aria-live="polite">Loading…</p> : null}
      {page.state === 'ready' && rows.length === 0 ? (
        <p>{typeof threshold === 'number' ? 'No product on this page is that low.' : 'No products match.'}</p>
      ) : null}
      <Pager trail={trail} nextCursor={page.state === 'ready' ? page.value.nextCursor : null} />

      <Dialog
        open={open}
        title={editing === undefined ? 'Stock' : `Stock of ${editing.product.name}`}
        onCancel={() => setOpen(false)}
        actions={
          <button type="button" onClick={() => setOpen(false)}>
            Close
          </button>
        }
      >
        {editing === undefined ? null : (
          <StockForms
            key={`${editing.product.id}-${open}`}
            productId={editing.product.id}
            available={editing.available}
            onChanged={(available, how) => {
              setOpen(false);
              setChanged(`${editing.product.name} now has ${available} available (${how}).`);
              reload();
            }}
          />
        )}
      </Dialog>
    </>
  );
}
