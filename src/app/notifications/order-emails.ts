import type { Money } from '../../domain/catalog/money.js';
import type { Address } from '../../domain/ordering/address.js';
import type { OrderEvent } from '../../domain/ordering/order-event.js';
import { emailKindOf, type OrderEmailKind } from './email-kinds.js';
import { formatMoney } from './format-money.js';
import { html, type SafeHtml } from './html.js';

export { EMAIL_KIND_OF_EVENT, emailKindOf, type OrderEmailKind } from './email-kinds.js';

export interface OrderEmail {
  kind: OrderEmailKind;
  subject: string;
  text: string;
  html: string;
}

export interface OrderEmailOptions {
  /** Signs the email; default "Slimshop". */
  shopName?: string;
  /** Formats amounts, dates and countries; the wording is English. Default "en". */
  locale?: string;
}

type Order = OrderEvent['order'];

interface Wording {
  subject: (id: string) => string;
  heading: string;
  /** Plain text (HTML-escaped where it goes into HTML). */
  intro: (order: Order, money: (money: Money) => string) => string;
}

const WORDING: Record<OrderEmailKind, Wording> = {
  'order-confirmation': {
    subject: (id) => `Order ${id} confirmed`,
    heading: 'Thank you for your order',
    intro: (order, money) =>
      `We have received your order ${order.id} of ${money(order.total)}. We will email you again when it ships.`,
  },
  'payment-received': {
    subject: (id) => `Payment received for order ${id}`,
    heading: 'Payment received',
    intro: (order, money) =>
      `We have received your payment of ${money(order.total)} for order ${order.id} and are preparing it for shipping.`,
  },
  'order-shipped': {
    subject: (id) => `Order ${id} has shipped`,
    heading: 'Your order is on its way',
    intro: (order) => `Order ${order.id} has left us and is on its way to the address below.`,
  },
  'order-cancelled': {
    subject: (id) => `Order ${id} cancelled`,
    heading: 'Your order has been cancelled',
    intro: (order) =>
      `Order ${order.id} has been cancelled. If you had already paid for it, we refund the payment and email you once the refund is done.`,
  },
  'order-refunded': {
    subject: (id) => `Refund for order ${id}`,
    heading: 'Your payment has been refunded',
    // A cancelled order's refund carries its amount; an event from before refunds were recorded does not.
    intro: (order, money) =>
      `We have refunded ${money(order.refund?.amount ?? order.total)} for order ${order.id} to the payment method you used. It may take a few days to show on your statement.`,
  },
};

/**
 * The email an order event sends to the order's address, in plain text and HTML, or undefined when the
 * event sends none (its type sends no email, or the order has no email address: orders placed before
 * checkout asked for one). Pure: the same event gives the same email.
 */
export function orderEmailFor(event: OrderEvent, options: OrderEmailOptions = {}): OrderEmail | undefined {
  const kind = emailKindOf(event.type);
  if (kind === undefined || event.order.email === null) return undefined;
  const wording = WORDING[kind];
  const view = orderView(event.order, options.locale ?? 'en');
  const intro = wording.intro(event.order, view.money);
  const content = { heading: wording.heading, intro, shopName: options.shopName ?? 'Slimshop', view };
  return {
    kind,
    subject: wording.subject(event.order.id),
    text: renderText(content),
    html: renderHtml({ ...content, subject: wording.subject(event.order.id) }).value,
  };
}

interface LineView {
  name: string;
  sku: string;
  quantity: number;
  unitPrice: string;
  lineTotal: string;
}

interface OrderView {
  id: string;
  placedOn: string;
  greeting: string;
  lines: LineView[];
  /** Label and amount, in order: subtotal, discount, shipping, tax, total. */
  totals: [string, string][];
  /** The shipping address, one line each (absent without one). */
  address?: string[];
  money: (money: Money) => string;
}

/** Everything the two bodies show, as text: names and addresses on one line each (no forged lines). */
function orderView(order: Order, locale: string): OrderView {
  const money = (amount: Money) => formatMoney(amount, locale);
  const name = order.shippingAddress?.name ?? order.billingAddress?.name;
  return {
    id: order.id,
    placedOn: new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(
      new Date(order.createdAt),
    ),
    greeting: name === undefined ? 'Hello,' : `Hello ${oneLine(name)},`,
    lines: order.items.map((line) => ({
      name: oneLine(line.name),
      sku: oneLine(line.sku),
      quantity: line.quantity,
      unitPrice: money(line.unitPrice),
      lineTotal: money(line.lineTotal),
    })),
    totals: totalsOf(order, money),
    ...(order.shippingAddress === null ? {} : { address: addressLines(order.shippingAddress, locale) }),
    money,
  };
}

function totalsOf(order: Order, money: (money: Money) => string): [string, string][] {
  const totals: [string, string][] = [['Subtotal', money(order.subtotal)]];
  if (order.discountTotal.amount > 0) {
    const code = order.discount === null ? '' : ` (${oneLine(order.discount.code)})`;
    totals.push([`Discount${code}`, `-${money(order.discountTotal)}`]);
  }
  if (order.shipping !== null || order.shippingTotal.amount > 0) {
    const method = order.shipping === null ? '' : ` (${oneLine(order.shipping.name)})`;
    totals.push([`Shipping${method}`, money(order.shippingTotal)]);
  }
  // Prices that include tax add up without it: the tax is then the part of the total that is tax.
  const withoutTax = order.subtotal.amount - order.discountTotal.amount + order.shippingTotal.amount;
  const included = order.taxTotal.amount > 0 && withoutTax === order.total.amount;
  totals.push([included ? 'Tax (included)' : 'Tax', money(order.taxTotal)]);
  totals.push(['Total', money(order.total)]);
  return totals;
}

let regionNames: { locale: string; names: Intl.DisplayNames } | undefined;

function addressLines(address: Address, locale: string): string[] {
  if (regionNames?.locale !== locale) {
    regionNames = { locale, names: new Intl.DisplayNames([locale], { type: 'region', fallback: 'code' }) };
  }
  const cityLine = [address.postalCode, address.city].join(' ');
  return [
    address.name,
    address.line1,
    address.line2,
    cityLine,
    address.region,
    regionNames.names.of(address.country) ?? address.country,
  ]
    .filter((line): line is string => line !== undefined && line.trim() !== '')
    .map(oneLine);
}

/** Whitespace runs (newlines included) as one space: a name cannot add lines of its own to an email. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

interface Content {
  heading: string;
  intro: string;
  shopName: string;
  view: OrderView;
}

function renderText({ heading, intro, shopName, view }: Content): string {
  const width = Math.max(...view.totals.map(([label]) => label.length)) + 2;
  const amountWidth = Math.max(...view.totals.map(([, amount]) => amount.length));
  return [
    heading,
    '',
    view.greeting,
    '',
    intro,
    '',
    `Order ${view.id}, placed on ${view.placedOn}`,
    '',
    ...view.lines.map(
      (line) => `${line.quantity} x ${line.name} (${line.sku}) at ${line.unitPrice} each: ${line.lineTotal}`,
    ),
    '',
    ...view.totals.map(([label, amount]) => `${label.padEnd(width)}${amount.padStart(amountWidth)}`),
    ...(view.address === undefined ? [] : ['', 'Shipping address:', ...view.address]),
    '',
    shopName,
    '',
  ].join('\n');
}

const CELL = 'padding:6px 8px;border-bottom:1px solid #e5e5e5;';
const RIGHT = `${CELL}text-align:right;white-space:nowrap;`;

function renderHtml({ heading, intro, shopName, view, subject }: Content & { subject: string }): SafeHtml {
  const lastTotal = view.totals.length - 1;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${subject}</title>
</head>
<body style="margin:0;padding:24px;font-family:Helvetica,Arial,sans-serif;color:#222;background:#fff;">
<h1 style="font-size:22px;">${heading}</h1>
<p>${view.greeting}</p>
<p>${intro}</p>
<h2 style="font-size:17px;">Order ${view.id}</h2>
<p style="color:#555;">Placed on ${view.placedOn}</p>
<table style="border-collapse:collapse;width:100%;max-width:640px;" role="presentation">
<thead><tr><th style="${CELL}text-align:left;">Item</th><th style="${RIGHT}">Quantity</th><th style="${RIGHT}">Price</th><th style="${RIGHT}">Total</th></tr></thead>
<tbody>
${view.lines.map(
  (line) =>
    html`<tr><td style="${CELL}">${line.name}<br><span style="color:#777;font-size:12px;">${line.sku}</span></td><td style="${RIGHT}">${line.quantity}</td><td style="${RIGHT}">${line.unitPrice}</td><td style="${RIGHT}">${line.lineTotal}</td></tr>
`,
)}</tbody>
<tfoot>
${view.totals.map(
  ([label, amount], index) =>
    html`<tr${index === lastTotal ? html` style="font-weight:bold;"` : ''}><td colspan="3" style="${RIGHT}">${label}</td><td style="${RIGHT}">${amount}</td></tr>
`,
)}</tfoot>
</table>
${
  view.address &&
  html`<h2 style="font-size:17px;">Shipping address</h2>
<p>${view.address.map((line, index) => html`${index > 0 && html`<br>`}${line}`)}</p>
`
}<p>${shopName}</p>
</body>
</html>
`;
}
