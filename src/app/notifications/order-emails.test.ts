import { describe, expect, it } from 'vitest';
import type { OrderLine } from '../../domain/ordering/order.js';
import type { OrderEvent, OrderEventType } from '../../domain/ordering/order-event.js';
import { formatMoney } from './format-money.js';
import { escapeHtml, html } from './html.js';
import { orderEmailFor } from './order-emails.js';

const eur = (amount: number) => ({ amount, currency: 'EUR' });

/** A guest's order with a discount, shipping and tax on top (prices excluding tax): 2 lines. */
function orderEvent(type: OrderEventType, changes: Partial<OrderEvent['order']> = {}): OrderEvent {
  return {
    id: 'evt-1',
    type,
    occurredAt: '2026-03-04T10:00:00.000Z',
    orderId: 'ord12345678901234567',
    sequence: 1,
    order: {
      id: 'ord12345678901234567',
      customerId: null,
      status: 'placed',
      email: 'ada@example.com',
      shippingAddress: {
        name: 'Ada Lovelace',
        line1: '12 St James Square',
        postalCode: 'SW1Y 4JH',
        city: 'London',
        country: 'GB',
      },
      billingAddress: null,
      items: [
        {
          productId: 'mug',
          sku: 'MUG-1',
          name: 'Logo Mug',
          quantity: 2,
          unitPrice: eur(1450),
          taxClass: 'standard',
          lineTotal: eur(2900),
          discountAmount: eur(290),
          taxRate: 20,
          taxAmount: eur(522),
        },
        {
          productId: 'tea',
          sku: 'TEA-1',
          name: 'Green Tea',
          quantity: 1,
          unitPrice: eur(705),
          taxClass: 'reduced',
          lineTotal: eur(705),
          discountAmount: eur(71),
          taxRate: 5,
          taxAmount: eur(32),
        },
      ],
      shipping: { methodId: 'standard', name: 'Standard', amount: eur(490), taxRate: 20, taxAmount: eur(98) },
      discount: { code: 'WELCOME10', amount: eur(361) },
      subtotal: eur(3605),
      discountTotal: eur(361),
      shippingTotal: eur(490),
      taxTotal: eur(652),
      total: eur(4386),
      createdAt: '2026-03-04T09:59:58.000Z',
      updatedAt: '2026-03-04T09:59:58.000Z',
      ...changes,
    },
  };
}

const mug = () => (orderEvent('order.placed').order.items as [OrderLine])[0];

describe('formatMoney', () => {
  it('scales minor units by the currency: 2 decimals for EUR, none for JPY, 3 for KWD', () => {
    expect(formatMoney(eur(1450))).toBe('€14.50');
    expect(formatMoney(eur(5))).toBe('€0.05');
    expect(formatMoney({ amount: 500, currency: 'JPY' })).toBe('¥500');
    expect(formatMoney({ amount: 1500, currency: 'KWD' })).toBe('KWD\u00a01.500');
  });

  it('counts HUF in fillér (ISO 4217: 1/100), although Intl displays forints without decimals', () => {
    expect(formatMoney({ amount: 105050, currency: 'HUF' })).toBe('HUF\u00a01,050.50');
  });

  it('formats for the locale and stays exact at the largest amount a price may hold', () => {
    expect(formatMoney(eur(123456), 'de-DE')).toBe('1.234,56\u00a0€');
    expect(formatMoney(eur(Number.MAX_SAFE_INTEGER))).toBe('€90,071,992,547,409.91');
  });
});

describe('html', () => {
  it('escapes every interpolated value, nested fragments are kept as they are', () => {
    const name = `<script>alert("x")</script> & 'co'`;
    const out = html`<p title="${name}">${name}${html`<br>`}${[name, html`<hr>`]}${null}${false}</p>`;
    const escaped = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;';

    expect(escapeHtml(name)).toBe(escaped);
    expect(out.value).toBe(`<p title="${escaped}">${escaped}<br>${escaped}<hr></p>`);
  });
});

describe('orderEmailFor', () => {
  it('sends the five emails of an order, and none for the other events', () => {
    const kinds = (
      ['placed', 'paid', 'shipped', 'cancelled', 'refunded', 'payment_failed', 'delivered'] as const
    ).map((type) => orderEmailFor(orderEvent(`order.${type}`))?.kind);
    expect(kinds).toEqual([
      'order-confirmation',
      'payment-received',
      'order-shipped',
      'order-cancelled',
      'order-refunded',
      undefined,
      undefined,
    ]);
  });

  it('sends nothing for an order without an email address (placed before checkout asked for one)', () => {
    expect(orderEmailFor(orderEvent('order.placed', { email: null }))).toBeUndefined();
    expect(orderEmailFor(orderEvent('order.placed'))).toBeDefined();
  });

  it('the confirmation lists every line, the totals with discount, shipping and tax, and the address (text)', () => {
    const email = orderEmailFor(orderEvent('order.placed'));

    expect(email?.subject).toBe('Order ord12345678901234567 confirmed');
    expect(email?.text).toContain('Hello Ada Lovelace,');
    expect(email?.text).toContain('placed on March 4, 2026');
    expect(email?.text).toContain('2 x Logo Mug (MUG-1) at €14.50 each: €29.00');
    expect(email?.text).toContain('1 x Green Tea (TEA-1) at €7.05 each: €7.05');
    const totals = email?.text
      .split('\n')
      .filter((line) => /^(Subtotal|Discount|Shipping|Tax|Total) .*\d$/.test(line));
    expect(totals?.map((line) => line.replace(/\s+/g, ' '))).toEqual([
      'Subtotal €36.05',
      'Discount (WELCOME10) -€3.61',
      'Shipping (Standard) €4.90',
      'Tax €6.52',
      'Total €43.86',
    ]);
    expect(email?.text).toContain(
      'Shipping address:\nAda Lovelace\n12 St James Square\nSW1Y 4JH London\nUnited Kingdom\n',
    );
  });

  it('the HTML body shows the same lines, totals and address as table cells and lines', () => {
    const email = orderEmailFor(orderEvent('order.placed'));
    const cells = [...(email?.html ?? '').matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((match) => match[1]);

    expect(cells.slice(0, 8)).toEqual([
      'Logo Mug<br><span style="color:#777;font-size:12px;">MUG-1</span>',
      '2',
      '€14.50',
      '€29.00',
      'Green Tea<br><span style="color:#777;font-size:12px;">TEA-1</span>',
      '1',
      '€7.05',
      '€7.05',
    ]);
    expect(cells.slice(8)).toEqual([
      'Subtotal',
      '€36.05',
      'Discount (WELCOME10)',
      '-€3.61',
      'Shipping (Standard)',
      '€4.90',
      'Tax',
      '€6.52',
      'Total',
      '€43.86',
    ]);
    expect(email?.html).toContain(
      '<p>Ada Lovelace<br>12 St James Square<br>SW1Y 4JH London<br>United Kingdom</p>',
    );
    expect(email?.html).toContain('<title>Order ord12345678901234567 confirmed</title>');
  });

  it('labels the tax as included when prices include it (the total is subtotal - discount + shipping)', () => {
    const email = orderEmailFor(orderEvent('order.placed', { total: eur(3734) }));

    expect(email?.text).toMatch(/^Tax \(included\) +€6\.52$/m);
    expect(email?.text).toMatch(/^Total +€37\.34$/m);
  });

  it('escapes names and addresses in the HTML body, and keeps them to one line in both bodies', () => {
    const hostile = orderEvent('order.shipped', {
      shippingAddress: {
        name: '<img src=x onerror=alert(1)>\nBcc: evil@example.com',
        line1: 'Main St "5" & <b>Co</b>',
        postalCode: '1000',
        city: "O'Town",
        country: 'DE',
      },
      items: [{ ...mug(), name: '<script>steal()</script>' }],
      discount: { code: 'A<B', amount: eur(361) },
    });
    const email = orderEmailFor(hostile);

    expect(email?.html).not.toMatch(/<img|<script|<b>/);
    expect(email?.html).toContain('&lt;img src=x onerror=alert(1)&gt; Bcc: evil@example.com');
    expect(email?.html).toContain('Main St &quot;5&quot; &amp; &lt;b&gt;Co&lt;/b&gt;');
    expect(email?.html).toContain('O&#39;Town');
    expect(email?.html).toContain('&lt;script&gt;steal()&lt;/script&gt;');
    expect(email?.html).toContain('Discount (A&lt;B)');
    // In the text body the same values are as written, but a newline in a name adds no line of its own.
    expect(email?.text).toContain('Hello <img src=x onerror=alert(1)> Bcc: evil@example.com,');
    expect(email?.text).not.toMatch(/^Bcc:/m);
  });

  it('each kind says what happened, with the amount where there is one', () => {
    const intro = (type: OrderEventType) => orderEmailFor(orderEvent(type))?.text.split('\n')[4];

    expect(intro('order.paid')).toBe(
      'We have received your payment of €43.86 for order ord12345678901234567 and are preparing it for shipping.',
    );
    expect(intro('order.shipped')).toMatch(/^Order ord12345678901234567 has left us/);
    expect(intro('order.cancelled')).toMatch(/^Order ord12345678901234567 has been cancelled\./);
    expect(intro('order.refunded')).toMatch(/^We have refunded €43\.86 for order ord12345678901234567/);
    const refund = orderEvent('order.refunded', { refund: { status: 'succeeded', amount: eur(3900) } });
    expect(orderEmailFor(refund)?.text).toContain('We have refunded €39.00 for order');
    expect(orderEmailFor(orderEvent('order.refunded'))?.subject).toBe(
      'Refund for order ord12345678901234567',
    );
  });

  it('an order without discount, shipping or address shows neither, and greets without a name', () => {
    const email = orderEmailFor(
      orderEvent('order.placed', {
        shippingAddress: null,
        discount: null,
        discountTotal: eur(0),
        shipping: null,
        shippingTotal: eur(0),
        total: eur(4257),
      }),
    );

    expect(email?.text).toContain('Hello,');
    expect(email?.text).not.toMatch(/^(Discount|Shipping)/m);
    expect(email?.html).not.toContain('Shipping address');
    expect(email?.text).not.toContain('Shipping address');
  });
});
