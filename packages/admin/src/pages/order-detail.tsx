import type { Address, Order } from '@slimshop/client';
import { useState } from 'preact/hooks';
import { api } from '../api';
import { href } from '../router';
import { Confirm } from '../ui/dialog';
import { dateTime, describeError, money } from '../ui/format';
import { Notice } from '../ui/notice';
import { useAsync } from '../ui/use-async';

/** The status machine: placed → paid → shipped → delivered; cancelled only from placed or paid. */
const NEXT: Partial<Record<Order['status'], { status: Order['status']; label: string }>> = {
  placed: { status: 'paid', label: 'Mark as paid' },
  paid: { status: 'shipped', label: 'Mark as shipped' },
  shipped: { status: 'delivered', label: 'Mark as delivered' },
};
const CANCELLABLE: readonly Order['status'][] = ['placed', 'paid'];

export function OrderDetailPage({ id }: { id: string }) {
  const [loaded, reload] = useAsync(() => api().getOrder(id), [id]);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | undefined>(undefined);
  const [done, setDone] = useState<string | undefined>(undefined);
  const [confirmCancel, setConfirmCancel] = useState(false);

  const move = async (status: Order['status']) => {
    setBusy(true);
    setFailure(undefined);
    setDone(undefined);
    setConfirmCancel(false);
    try {
      const order = await api().changeOrderStatus(id, status);
      setDone(`The order is now ${order.status}.`);
      reload();
    } catch (error) {
      setFailure(describeError(error));
    } finally {
      setBusy(false);
    }
  };

  if (loaded.state === 'loading') return <p aria-live="polite">Loading…</p>;
  if (loaded.state === 'failed')
    return (
      <>
        <h1>Order {id}</h1>
        <Notice kind="error">{describeError(loaded.error)}</Notice>
        <p>
          <a href={href.orders()}>Back to orders</a>
        </p>
      </>
    );
  const order = loaded.value;
  const next = NEXT[order.status];

  return (
    <>
      <p class="crumbs">
        <a href={href.orders()}>Orders</a> /
      </p>
      <h1>Order {order.id}</h1>
      {failure === undefined ? null : <Notice kind="error">{failure}</Notice>}
      {done === undefined ? null : <Notice kind="success">{done}</Notice>}
      <section class="summary" aria-label="Status">
        <p>
          Status: <span class={`badge status-${order.status}`}>{order.status}</span> · placed{' '}
          {dateTime(order.createdAt)} · updated {dateTime(order.updatedAt)}
        </p>
        <div class="actions">
          {next === undefined ? null : (
            <button type="button" class="primary" disabled={busy} onClick={() => move(next.status)}>
              {next.label}
            </button>
          )}
          {CANCELLABLE.includes(order.status) ? (
            <button type="button" class="danger" disabled={busy} onClick={() => setConfirmCancel(true)}>
              Cancel order…
            </button>
          ) : null}
        </div>
      </section>

      <h2>Lines</h2>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Product</th>
              <th scope="col">SKU</th>
              <th scope="col" class="num">
                Quantity
              </th>
              <th scope="col" class="num">
                Unit price
              </th>
              <th scope="col" class="num">
                Tax
              </th>
              <th scope="col" class="num">
                Line total
              </th>
            </tr>
          </thead>
          <tbody>
            {order.items.map((line) => (
              <tr key={line.productId}>
                <td>
                  <a href={href.product(line.productId)}>{line.name}</a>
                </td>
                <td>{line.sku}</td>
                <td class="num">{line.quantity}</td>
                <td class="num">{money(line.unitPrice)}</td>
                <td class="num">{money(line.taxAmount)}</td>
                <td class="num">{money(line.lineTotal)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <div class="columns">
        <section aria-labelledby="totals">
          <h2 id="totals">Totals</h2>
          <dl class="totals">
            <dt>Subtotal</dt>
            <dd>{money(order.subtotal)}</dd>
            <dt>Discount{order.discount === null ? '' : ` (${order.discount.code})`}</dt>
            <dd>−{money(order.discountTotal)}</dd>
            <dt>Shipping{order.shipping === null ? '' : ` (${order.shipping.name})`}</dt>
            <dd>{money(order.shippingTotal)}</dd>
            <dt>Tax</dt>
            <dd>{money(order.taxTotal)}</dd>
            <dt>Total</dt>
            <dd>
              <strong>{money(order.total)}</strong>
            </dd>
            <dt>Refund</dt>
            <dd>
              {order.refund === null ? 'none' : `${money(order.refund.amount)}, ${order.refund.status}`}
            </dd>
          </dl>
        </section>
        <section aria-labelledby="customer">
          <h2 id="customer">Customer</h2>
          <p>{order.email ?? 'no email'}</p>
          <p>{order.customerId === null ? 'Guest checkout' : `Customer ${order.customerId}`}</p>
        </section>
        <AddressBlock title="Shipping address" address={order.shippingAddress} />
        <AddressBlock title="Billing address" address={order.billingAddress} />
      </div>

      <Confirm
        open={confirmCancel}
        title="Cancel this order?"
        message="The order is cancelled, its stock goes back, and a paid order is refunded. This cannot be undone."
        confirmLabel="Cancel order"
        onConfirm={() => move('cancelled')}
        onCancel={() => setConfirmCancel(false)}
      />
    </>
  );
}

function AddressBlock({ title, address }: { title: string; address: Address | null }) {
  return (
    <section aria-label={title}>
      <h2>{title}</h2>
      {address === null ? (
        <p>none</p>
      ) : (
        <address>
          {[
            address.name,
            address.line1,
            address.line2,
            `${address.postalCode} ${address.city}`,
            address.region,
            address.country,
            address.phone,
          ]
            .filter((line): line is string => line !== undefined && line !== '')
            .map((line) => (
              <span key={line}>
                {line}
                <br />
              </span>
            ))}
        </address>
      )}
    </section>
  );
}
