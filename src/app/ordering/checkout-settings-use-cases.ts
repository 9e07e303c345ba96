import type { Money } from '../../domain/catalog/money.js';
import type { DiscountCode, DiscountCodeInput } from '../../domain/ordering/discount-code.js';
import {
  type ShippingMethod,
  type ShippingMethodInput,
  shippingPrice,
} from '../../domain/ordering/shipping-method.js';
import type { TaxRates, TaxRatesInput } from '../../domain/ordering/tax-rates.js';
import { NotFoundError, UnprocessableError } from '../../domain/shared/errors.js';
import type { Page } from '../../domain/shared/page.js';
import { isAdmin } from '../catalog/product-use-cases.js';
import type { CheckoutSettingsStore, KeyPageQuery } from '../ports/checkout-settings-store.js';
import type { Clock } from '../ports/clock.js';
import type { Principal } from '../ports/token-verifier.js';
import type { PricedCartLine } from './cart-pricing.js';

/**
 * The subtotal of a cart's lines as the caller may see it; NotFoundError for a cart they may not see.
 * Composition builds it from the ordering service's getCart.
 */
export type CartSubtotal = (principal: Principal | undefined, cartId: string) => Promise<Money>;

/** ISO 4217's code for "no currency": the subtotal of a cart with no lines, or with lines in several. */
export const NO_CURRENCY = 'XXX';

export interface ShippingMethodQuery {
  /** ISO 3166-1 alpha-2: only the active methods that serve it. */
  country?: string;
  /** Prices each method for this cart: 0 once its lines reach the method's `freeAbove`. */
  cartId?: string;
}

/** Shipping methods, tax rates and discount codes: what an admin sets up and the checkout reads. */
export interface CheckoutSettingsService {
  putShippingMethod(
    id: string,
    input: ShippingMethodInput,
  ): Promise<{ method: ShippingMethod; created: boolean }>;
  /** NotFoundError when absent. */
  getShippingMethod(id: string): Promise<ShippingMethod>;
  deleteShippingMethod(id: string): Promise<void>;
  /**
   * With a country, the active methods serving it; without, admins get every method and others the active
   * ones. UnprocessableError on `cartId` for a cart the caller may not see. One page, never a cursor: a
   * shop has at most MAX_SHIPPING_METHODS.
   */
  listShippingMethods(
    principal: Principal | undefined,
    query: ShippingMethodQuery,
  ): Promise<Page<ShippingMethod>>;

  setTaxRates(country: string, rates: TaxRatesInput): Promise<TaxRates>;
  getTaxRates(country: string): Promise<TaxRates>;
  deleteTaxRates(country: string): Promise<void>;
  listTaxRates(query: KeyPageQuery): Promise<Page<TaxRates>>;

  /** Codes are case-insensitive: `welcome10` is `WELCOME10`. Replacing keeps the redemptions. */
  putDiscountCode(
    code: string,
    input: DiscountCodeInput,
  ): Promise<{ discountCode: DiscountCode; created: boolean }>;
  getDiscountCode(code: string): Promise<DiscountCode>;
  deleteDiscountCode(code: string): Promise<void>;
  listDiscountCodes(query: KeyPageQuery): Promise<Page<DiscountCode>>;
}

export interface CheckoutSettingsDeps {
  store: CheckoutSettingsStore;
  clock: Clock;
  cartSubtotal: CartSubtotal;
}

export function createCheckoutSettingsService({
  store,
  clock,
  cartSubtotal,
}: CheckoutSettingsDeps): CheckoutSettingsService {
  const found = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new NotFoundError(`No ${what}.`);
    return value;
  };
  const removed = (deleted: boolean, what: string): void => {
    if (!deleted) throw new NotFoundError(`No ${what}.`);
  };
  const method = (id: string) => `shipping method with id "${id}"`;
  const rates = (country: string) => `tax rates for country "${country}"`;
  const discount = (code: string) => `discount code "${code}"`;
  const normalised = (code: string) => code.trim().toUpperCase();

  async function subtotalOf(principal: Principal | undefined, cartId: string): Promise<Money> {
    try {
      return await cartSubtotal(principal, cartId);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      throw new UnprocessableError('The cart does not exist.', [
        { path: 'cartId', message: 'refers to no cart of yours (it may have expired)' },
      ]);
    }
  }

  return {
    putShippingMethod: (id, input) => store.putShippingMethod(id, input, clock.now()),
    getShippingMethod: async (id) => found(await store.getShippingMethod(id), method(id)),
    deleteShippingMethod: async (id) => removed(await store.deleteShippingMethod(id), method(id)),

    async listShippingMethods(principal, { country, cartId }) {
      const activeOnly = country !== undefined || !isAdmin(principal);
      const [methods, subtotal] = await Promise.all([
        store.listShippingMethods({ ...(country === undefined ? {} : { country }), activeOnly }),
        cartId === undefined ? undefined : subtotalOf(principal, cartId),
      ]);
      const items =
        subtotal === undefined
          ? methods
          : methods.map((m) => ({ ...m, price: shippingPrice(m, inCurrencyOf(m, subtotal)) }));
      return { items, nextCursor: null };
    },

    setTaxRates: (country, input) => store.putTaxRates(country, input, clock.now()),
    getTaxRates: async (country) => found(await store.getTaxRates(country), rates(country)),
    deleteTaxRates: async (country) => removed(await store.deleteTaxRates(country), rates(country)),
    listTaxRates: (query) => store.listTaxRates(query),

    putDiscountCode: (code, input) => store.putDiscountCode(normalised(code), input, clock.now()),
    getDiscountCode: async (code) =>
      found(await store.getDiscountCode(normalised(code)), discount(normalised(code))),
    deleteDiscountCode: async (code) =>
      removed(await store.deleteDiscountCode(normalised(code)), discount(normalised(code))),
    listDiscountCodes: (query) => store.listDiscountCodes(query),
  };
}

/** A subtotal in another currency than the method's (or in none) counts as nothing towards `freeAbove`. */
function inCurrencyOf(method: ShippingMethod, subtotal: Money): Money {
  return subtotal.currency === method.price.currency
    ? subtotal
    : { amount: 0, currency: method.price.currency };
}

/**
 * What a cart's lines come to: the available lines' totals when they share one currency; 0 in NO_CURRENCY
 * for a cart with no available lines or with lines in several currencies (no order could be placed from it).
 */
export function cartLinesSubtotal(items: readonly PricedCartLine[]): Money {
  const totals = items.flatMap((line) => (line.lineTotal === null ? [] : [line.lineTotal]));
  const currencies = new Set(totals.map((total) => total.currency));
  const [currency] = currencies;
  if (currencies.size !== 1 || currency === undefined) return { amount: 0, currency: NO_CURRENCY };
  return { amount: totals.reduce((sum, total) => sum + total.amount, 0), currency };
}
