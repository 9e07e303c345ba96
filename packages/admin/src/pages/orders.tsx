import type { Order } from '@slimshop/client';
import { useState } from 'preact/hooks';
import { api, dataOf } from '../api';
import { href } from '../router';
import { dateTime, describeError, money } from '../ui/format';
import { Notice } from '../ui/notice';
import { Pager, pageQuery, usePagedList } from '../ui/pager';

const PAGE_SIZE = 25;
export const ORDER_STATUSES: readonly Order['status'][] = [
  'placed',
  'paid',
  'shipped',
  'delivered',
  'cancelled',
];

/**
 * Orders newest first, a page at a time. GET /orders has no status filter, so the status filter narrows
 * the page on screen (a page may then show fewer rows; Next still goes on through every order).
 */
export function OrdersPage() {
  const [status, setStatus] = useState<'' | Order['status']>('');
  const { trail, page } = usePagedList(async (cursor) =>
    dataOf(await api().raw.GET('/orders', { params: { query: pageQuery(PAGE_SIZE, cursor) } })),
  );
  const { pageIndex } = trail;
  const rows =
    page.state === 'ready' ? page.value.items.filter((o) => status === '' || o.status === status) : [];

  return (
    <>
      <h1>Orders</h1>
      <div class="filters">
        <label>
          Status on this page
          <select
            name="status"
            value={status}
            onChange={(e) => setStatus(e.currentTarget.value as '' | Order['status'])}
          >
            <option value="">Any status</option>
            {ORDER_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
      </div>
      {page.state === 'failed' ? <Notice kind="error">{describeError(page.error)}</Notice> : null}
      <div class="table-wrap">
        <table aria-busy={page.state === 'loading'}>
          <caption class="visually-hidden">Orders, newest first, page {pageIndex + 1}</caption>
          <thead>
            <tr>
              <th scope="col">Order</th>
              <th scope="col">Placed</th>
              <th scope="col">Customer</th>
              <th scope="col">Status</th>
              <th scope="col" class="num">
                Total
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((order) => (
              <tr key={order.id}>
                <td>
                  <a href={href.order(order.id)}>{order.id}</a>
                </td>
                <td>{dateTime(order.createdAt)}</td>
                <td>{order.email ?? order.customerId ?? 'guest'}</td>
                <td>
                  <span class={`badge status-${order.status}`}>{order.status}</span>
                </td>
                <td class="num">{money(order.total)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {page.state === 'loading' ? <p aria-live="polite">Loading…</p> : null}
      {page.state === 'ready' && rows.length === 0 ? <p>No orders on this page.</p> : null}
      <Pager trail={trail} nextCursor={page.state === 'ready' ? page.value.nextCursor : null} />
    </>
  );
}
