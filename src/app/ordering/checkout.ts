import type { Product } from '../../domain/catalog/product.js';
import type { Address } from '../../domain/ordering/address.js';
import {
  type CheckoutPrice,
  discountProblem,
  type LineToPrice,
  priceCheckout,
} from '../../domain/ordering/checkout-pricing.js';
import type { CheckoutChoices, Order } from '../../domain/ordering/order.js';
import type { TaxRatesInput } from '../../domain/ordering/tax-rates.js';
import { type FieldError, UnprocessableError } from '../../domain/shared/errors.js';
import type { CheckoutSettings, CheckoutSettingsQuery } from '../ports/order-store.js';

export interface RequestedLine {
  productId: string;
  quantity: number;
  /** Where the line came from in the request, for `errors[].path` (`items.1`, or `cartId`). */
  path: string;
}

const NO_TAX: TaxRatesInput = { standard: 0, reduced: 0, zero: 0 };

/** How this shop taxes (from configuration). */
export interface TaxPolicy {
  pricesIncludeTax: boolean;
  /** The tax country of an order without any address. */
  shopCountry: string;
}

/** Where checkout's choices point: which tax rates, shipping method and discount code to read. */
export interface CheckoutPlan {
  settings: CheckoutSettingsQuery;
  /** The field to blame when the tax country has no rates. */
  taxCountryPath: string;
  shippingAddress?: Address;
  billingAddress?: Address;
}

/**
 * The tax country is the shipping country, else the billing country, else the shop's own; a shipping
 * method needs a shipping address (it must serve that country, checked once the method is read).
 */
export function planCheckout(choices: CheckoutChoices, policy: TaxPolicy): CheckoutPlan {
  const shipping = choices.shippingAddress;
  const billing = choices.billingAddress ?? shipping;
  if (choices.shippingMethodId !== undefined && shipping === undefined) {
    throw new UnprocessableError('A shipping method needs a shipping address.', [
      { path: 'shippingAddress', message: 'is required with shippingMethodId' },
    ]);
  }
  const [taxCountry, taxCountryPath] =
    shipping !== undefined
      ? [shipping.country, 'shippingAddress.country']
      : billing !== undefined
        ? [billing.country, 'billingAddress.country']
        : [policy.shopCountry, 'shippingAddress'];
  return {
    settings: {
      taxCountry,
      ...(choices.shippingMethodId === undefined ? {} : { shippingMethodId: choices.shippingMethodId }),
      ...(choices.discountCode === undefined ? {} : { discountCode: choices.discountCode }),
    },
    taxCountryPath,
    ...(shipping === undefined ? {} : { shippingAddress: shipping }),
    ...(billing === undefined ? {} : { billingAddress: billing }),
  };
}

/**
 * Prices the lines with the settings as read (inside the order's transaction, or for a quote): the tax
 * rates must exist, the method must be active and serve the shipping country, the code must be
 * redeemable now. Every refusal is a 422 on the field that chose it; the same inputs always price alike.
 */
export function priceWithSettings(
  lines: readonly LineToPrice[],
  plan: CheckoutPlan,
  settings: CheckoutSettings,
  policy: TaxPolicy,
  now: Date,
): CheckoutPrice {
  const errors: FieldError[] = [];
  const { shippingMethodId, discountCode, taxCountry } = plan.settings;
  // An order without any address is taxed at the shop's own rates, or not at all while it has none (a
  // shop that sells without charging tax); an address in a country without rates is one it does not sell to.
  const taxRates = settings.taxRates ?? (plan.taxCountryPath === 'shippingAddress' ? NO_TAX : undefined);
  if (taxRates === undefined) {
    errors.push({
      path: plan.taxCountryPath,
      message: `the shop has no tax rates for ${taxCountry}: it does not sell there`,
    });
  }
  const method = settings.shippingMethod;
  if (shippingMethodId !== undefined) {
    if (method === undefined || !method.active) {
      errors.push({ path: 'shippingMethodId', message: `no active shipping method "${shippingMethodId}"` });
    } else if (!method.countries.includes(plan.shippingAddress?.country ?? '')) {
      errors.push({
        path: 'shippingMethodId',
        message: `does not ship to ${plan.shippingAddress?.country}`,
      });
    }
  }
  const subtotal = {
    amount: lines.reduce((sum, line) => sum + line.unitPrice.amount * line.quantity, 0),
    currency: lines[0]?.unitPrice.currency ?? 'EUR',
  };
  const code = settings.discount;
  if (discountCode !== undefined) {
    const problem =
      code === undefined ? 'is not a valid discount code' : discountProblem(code, subtotal, now);
    if (problem !== undefined) errors.push({ path: 'discountCode', message: problem });
  }
  if (errors.length > 0) throw new UnprocessableError('The checkout cannot be priced as asked.', errors);
  return priceCheckout(lines, {
    pricesIncludeTax: policy.pricesIncludeTax,
    taxRates: taxRates as TaxRatesInput,
    ...(method === undefined ? {} : { shippingMethod: method }),
    ...(code === undefined ? {} : { discount: code }),
  });
}

/**
 * The lines to price from the requested ones and the catalog as it is now: every line must be an active
 * product and all lines one currency (an order has one total), else a 422 naming every offending line.
 */
export function linesToPrice(
  lines: readonly RequestedLine[],
  products: ReadonlyMap<string, Product>,
): LineToPrice[] {
  const errors: FieldError[] = [];
  const priced: LineToPrice[] = [];
  for (const line of lines) {
    const product = products.get(line.productId);
    if (product?.status !== 'active') {
      errors.push({
        path: fieldPath(line),
        message: `product "${line.productId}" does not exist or is not for sale`,
      });
      continue;
    }
    priced.push({
      productId: product.id,
      sku: product.sku,
      name: product.name,
      quantity: line.quantity,
      unitPrice: { ...product.price },
      taxClass: product.taxClass,
    });
  }
  if (errors.length > 0) throw new UnprocessableError('Some products are not for sale.', errors);
  const currency = priced[0]?.unitPrice.currency;
  const foreign = lines.filter((_, i) => priced[i]?.unitPrice.currency !== currency);
  if (foreign.length > 0) {
    throw new UnprocessableError('An order has one currency: these products are priced in another.', [
      ...foreign.map((line) => ({
        path: fieldPath(line),
        message: `product "${line.productId}" is priced in ${products.get(line.productId)?.price.currency}, the order in ${currency}`,
      })),
    ]);
  }
  return priced;
}

/** The order as placed: the priced lines and totals, the addresses and the contact as given. */
export function orderFrom(
  price: CheckoutPrice,
  plan: CheckoutPlan,
  owner: { id: string; customerId: string | null; email: string; accessTokenHash?: string },
  now: Date,
): Order {
  const at = now.toISOString();
  return {
    id: owner.id,
    customerId: owner.customerId,
    status: 'placed',
    email: owner.email,
    shippingAddress: plan.shippingAddress ?? null,
    billingAddress: plan.billingAddress ?? null,
    items: price.items,
    shipping:
      price.shipping === undefined
        ? null
        : {
            methodId: price.shipping.methodId,
            name: price.shipping.name,
            amount: price.shipping.amount,
            taxRate: price.shipping.taxRate,
            taxAmount: price.shipping.taxAmount,
          },
    discount: price.discount ?? null,
    subtotal: price.subtotal,
    discountTotal: price.discountTotal,
    shippingTotal: price.shippingTotal,
    taxTotal: price.taxTotal,
    total: price.total,
    createdAt: at,
    updatedAt: at,
    ...(owner.accessTokenHash === undefined ? {} : { accessTokenHash: owner.accessTokenHash }),
  };
}

/** `items.1.productId` for a line of the body; just `cartId` for a line that came from a cart. */
function fieldPath(line: RequestedLine): string {
  return line.path === 'cartId' ? 'cartId' : `${line.path}.productId`;
}
