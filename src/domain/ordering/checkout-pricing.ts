import type { Money } from '../catalog/money.js';
import type { TaxClass } from '../catalog/tax-class.js';
import { UnprocessableError } from '../shared/errors.js';
import type { DiscountCode } from './discount-code.js';
import { type ShippingMethod, shippingPrice } from './shipping-method.js';
import { basisPoints, type TaxRatesInput } from './tax-rates.js';

/** A line to price: the catalog's snapshot of the product and the quantity asked for. */
export interface LineToPrice {
  productId: string;
  sku: string;
  name: string;
  quantity: number;
  unitPrice: Money;
  taxClass: TaxClass;
}

/** Everything besides the lines that decides what an order costs. */
export interface CheckoutTerms {
  /** true: catalog prices include tax (tax is the part of them); false: tax comes on top. */
  pricesIncludeTax: boolean;
  /** The rates of the tax country (shipping country, else billing country, else the shop's). */
  taxRates: TaxRatesInput;
  shippingMethod?: ShippingMethod;
  /** Already checked as redeemable (see discountProblem). */
  discount?: DiscountCode;
}

export interface PricedLine extends LineToPrice {
  /** unitPrice × quantity, before the discount. */
  lineTotal: Money;
  /** This line's share of the discount. */
  discountAmount: Money;
  /** Percent, as the tax rates give it. */
  taxRate: number;
  taxAmount: Money;
}

export interface CheckoutPrice {
  items: PricedLine[];
  shipping?: { methodId: string; name: string; amount: Money; taxRate: number; taxAmount: Money };
  discount?: { code: string; amount: Money };
  subtotal: Money;
  discountTotal: Money;
  shippingTotal: Money;
  taxTotal: Money;
  total: Money;
  currency: string;
}

/**
 * Prices an order: the one function behind both the quote and the placed order, so the two always agree.
 * - subtotal: the lines at catalog prices; the discount comes off it (never below zero), split over the
 *   lines in proportion to their totals (largest remainder, so the shares add up to the cent);
 * - shipping: the method's price, or 0 once the subtotal reaches its `freeAbove`; never discounted;
 * - tax: per line on what the line costs after its discount share, and on shipping, at the rate of its tax
 *   class, rounded half up to the minor unit per line. With prices that include tax it is the part of the
 *   amount (amount × r / (100 + r)); otherwise it comes on top (amount × r / 100).
 * The lines must share one currency (the order draft checks it); a method or a fixed discount in another
 * currency is a 422 on the field that chose it. Amounts are integers throughout (BigInt where products of
 * two amounts could pass 2^53).
 */
export function priceCheckout(lines: readonly LineToPrice[], terms: CheckoutTerms): CheckoutPrice {
  const currency = lines[0]?.unitPrice.currency ?? 'EUR';
  const money = (amount: number): Money => ({ amount, currency });
  const lineTotals = lines.map((line) => line.unitPrice.amount * line.quantity);
  const subtotal = sum(lineTotals);

  const { shippingMethod, discount } = terms;
  if (shippingMethod !== undefined && shippingMethod.price.currency !== currency) {
    throw new UnprocessableError('The shipping method is priced in another currency.', [
      {
        path: 'shippingMethodId',
        message: `is priced in ${shippingMethod.price.currency}, the order in ${currency}`,
      },
    ]);
  }
  const discountTotal = discount === undefined ? 0 : discountAmount(discount, subtotal, currency);
  const shares = splitInProportion(discountTotal, lineTotals);
  const shippingTotal =
    shippingMethod === undefined ? 0 : shippingPrice(shippingMethod, money(subtotal)).amount;

  const taxOf = (amount: number, taxClass: TaxClass) => {
    const rate = basisPoints(terms.taxRates, taxClass);
    return terms.pricesIncludeTax
      ? divideHalfUp(amount, rate, 10_000 + rate)
      : divideHalfUp(amount, rate, 10_000);
  };
  const items = lines.map((line, i): PricedLine => {
    const lineTotal = lineTotals[i] as number;
    const share = shares[i] as number;
    return {
      ...line,
      lineTotal: money(lineTotal),
      discountAmount: money(share),
      taxRate: terms.taxRates[line.taxClass],
      taxAmount: money(taxOf(lineTotal - share, line.taxClass)),
    };
  });
  const shipping =
    shippingMethod === undefined
      ? undefined
      : {
          methodId: shippingMethod.id,
          name: shippingMethod.name,
          amount: money(shippingTotal),
          taxRate: terms.taxRates[shippingMethod.taxClass],
          taxAmount: money(taxOf(shippingTotal, shippingMethod.taxClass)),
        };
  const taxTotal = sum(items.map((line) => line.taxAmount.amount)) + (shipping?.taxAmount.amount ?? 0);
  const total = subtotal - discountTotal + shippingTotal + (terms.pricesIncludeTax ? 0 : taxTotal);
  if (!Number.isSafeInteger(total)) {
    throw new UnprocessableError('The order total is too large.', [
      { path: 'items', message: 'the total exceeds what one order can hold: split it' },
    ]);
  }
  return {
    items,
    ...(shipping === undefined ? {} : { shipping }),
    ...(discount === undefined ? {} : { discount: { code: discount.code, amount: money(discountTotal) } }),
    subtotal: money(subtotal),
    discountTotal: money(discountTotal),
    shippingTotal: money(shippingTotal),
    taxTotal: money(taxTotal),
    total: money(total),
    currency,
  };
}

/**
 * Why `code` cannot be redeemed on an order with this subtotal at `now`, or undefined when it can. The
 * message says which rule failed ("has been used up" for an exhausted code), for the 422 on `discountCode`.
 */
export function discountProblem(code: DiscountCode, subtotal: Money, now: Date): string | undefined {
  if (!code.active) return 'is not active';
  if (code.startsAt !== undefined && now.getTime() < Date.parse(code.startsAt)) return 'is not valid yet';
  if (code.endsAt !== undefined && now.getTime() >= Date.parse(code.endsAt)) return 'has expired';
  if (code.maxRedemptions !== undefined && code.redemptions >= code.maxRedemptions) {
    return 'has been used up: every redemption it allows is taken';
  }
  if (typeof code.value === 'object' && code.value.currency !== subtotal.currency) {
    return `is worth ${code.value.currency}, the order is in ${subtotal.currency}`;
  }
  if (code.minSubtotal !== undefined) {
    if (code.minSubtotal.currency !== subtotal.currency) {
      return `needs a subtotal in ${code.minSubtotal.currency}, the order is in ${subtotal.currency}`;
    }
    if (subtotal.amount < code.minSubtotal.amount) {
      return `needs a subtotal of at least ${code.minSubtotal.amount} minor units (${subtotal.currency}); this order has ${subtotal.amount}`;
    }
  }
  return undefined;
}

/** Percent off, rounded half up, or a fixed amount; never more than the subtotal. */
function discountAmount(code: DiscountCode, subtotal: number, currency: string): number {
  if (typeof code.value === 'number') return Math.min(subtotal, divideHalfUp(subtotal, code.value, 100));
  if (code.value.currency !== currency) return 0;
  return Math.min(subtotal, code.value.amount);
}

/**
 * `amount` split over `weights` in proportion, in whole units that add up to `amount` exactly: each gets
 * the floor of its share, then the units left over go to the largest remainders (earlier lines first on ties).
 */
export function splitInProportion(amount: number, weights: readonly number[]): number[] {
  const total = BigInt(sum(weights));
  if (amount === 0 || total === 0n) return weights.map(() => 0);
  const exact = weights.map((weight) => BigInt(amount) * BigInt(weight));
  const shares = exact.map((product) => Number(product / total));
  let left = amount - sum(shares);
  const byRemainder = exact
    .map((product, i) => ({ i, remainder: product % total }))
    .sort((a, b) => (a.remainder === b.remainder ? a.i - b.i : a.remainder > b.remainder ? -1 : 1));
  for (const { i } of byRemainder) {
    if (left === 0) break;
    shares[i] = (shares[i] as number) + 1;
    left--;
  }
  return shares;
}

/** round(amount × numerator / denominator), halves rounded up; non-negative integers only. */
export function divideHalfUp(amount: number, numerator: number, denominator: number): number {
  const scaled = BigInt(amount) * BigInt(numerator) * 2n + BigInt(denominator);
  return Number(scaled / (BigInt(denominator) * 2n));
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
