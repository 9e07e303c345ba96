import type { DiscountCode, DiscountCodeInput } from '../../domain/ordering/discount-code.js';
import type { ShippingMethod, ShippingMethodInput } from '../../domain/ordering/shipping-method.js';
import type { TaxRates, TaxRatesInput } from '../../domain/ordering/tax-rates.js';
import type { Page } from '../../domain/shared/page.js';

/**
 * Shipping methods are few (a shop has a handful): the store holds at most this many, so one list answers
 * with all of them and needs no cursor.
 */
export const MAX_SHIPPING_METHODS = 500;

export interface KeyPageQuery {
  limit: number;
  cursor?: string;
}

/**
 * What an admin sets up for checkout: shipping methods, tax rates per country and discount codes. They
 * live beside the orders because the order transaction reads them (and counts redemptions) in its own
 * transaction.
 *
 * Errors: UnavailableError when the database cannot be reached or times out.
 */
export interface CheckoutSettingsStore {
  /**
   * Creates or replaces the method (createdAt is kept on replace). ConflictError when it would be a new
   * method beyond MAX_SHIPPING_METHODS.
   */
  putShippingMethod(
    id: string,
    input: ShippingMethodInput,
    at: Date,
  ): Promise<{ method: ShippingMethod; created: boolean }>;
  getShippingMethod(id: string): Promise<ShippingMethod | undefined>;
  /** False when there was none. */
  deleteShippingMethod(id: string): Promise<boolean>;
  /** Every method (by id) serving `country` when given, only active ones when `activeOnly`. */
  listShippingMethods(filter: { country?: string; activeOnly: boolean }): Promise<ShippingMethod[]>;

  /** Creates or replaces the rates of a country. */
  putTaxRates(country: string, rates: TaxRatesInput, at: Date): Promise<TaxRates>;
  getTaxRates(country: string): Promise<TaxRates | undefined>;
  deleteTaxRates(country: string): Promise<boolean>;
  /** By country code; ValidationError(path 'cursor') for a cursor of another list. */
  listTaxRates(query: KeyPageQuery): Promise<Page<TaxRates>>;

  /**
   * Creates or replaces the code (upper case), keeping its redemptions and createdAt. ConflictError naming
   * `maxRedemptions` when the new maximum is below the redemptions counted so far.
   */
  putDiscountCode(
    code: string,
    input: DiscountCodeInput,
    at: Date,
  ): Promise<{ discountCode: DiscountCode; created: boolean }>;
  getDiscountCode(code: string): Promise<DiscountCode | undefined>;
  deleteDiscountCode(code: string): Promise<boolean>;
  /** By code; ValidationError(path 'cursor') for a cursor of another list. */
  listDiscountCodes(query: KeyPageQuery): Promise<Page<DiscountCode>>;
}
