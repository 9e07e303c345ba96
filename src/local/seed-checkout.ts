import type { CheckoutSettingsService } from '../app/ordering/checkout-settings-use-cases.js';
import type { Logger } from '../app/ports/logger.js';
import type { DiscountCodeInput } from '../domain/ordering/discount-code.js';
import type { ShippingMethodInput } from '../domain/ordering/shipping-method.js';
import type { TaxRatesInput } from '../domain/ordering/tax-rates.js';
import { NotFoundError } from '../domain/shared/errors.js';

// The 27 member states of the EU.
const EU = 'AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK';
const EU_COUNTRIES = EU.split(' ');

/** What `npm start` sets up for checkout, so the examples in docs/local.md can quote and order at once. */
export const DEMO_SHIPPING_METHODS: Record<string, ShippingMethodInput> = {
  standard: {
    name: 'Standard (DE/AT)',
    countries: ['DE', 'AT'],
    price: { amount: 490, currency: 'EUR' },
    freeAbove: { amount: 5000, currency: 'EUR' },
    taxClass: 'standard',
    active: true,
  },
  express: {
    name: 'Express (EU)',
    countries: EU_COUNTRIES,
    price: { amount: 1490, currency: 'EUR' },
    taxClass: 'standard',
    active: true,
  },
};

export const DEMO_TAX_RATES: Record<string, TaxRatesInput> = {
  DE: { standard: 19, reduced: 7, zero: 0 },
  AT: { standard: 20, reduced: 10, zero: 0 },
};

export const DEMO_DISCOUNT_CODES: Record<string, DiscountCodeInput> = {
  WELCOME10: { type: 'percent', value: 10, active: true },
};

/**
 * Writes each demo shipping method, tax rate and discount code that does not exist: a restart never
 * overwrites what an admin changed (one an admin deleted comes back). Returns how many were written.
 */
export async function seedDemoCheckout(deps: {
  checkoutSettings: CheckoutSettingsService;
  logger: Logger;
}): Promise<number> {
  const settings = deps.checkoutSettings;
  let written = 0;
  const ifAbsent = async (read: () => Promise<unknown>, write: () => Promise<unknown>) => {
    try {
      await read();
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      await write();
      written += 1;
    }
  };
  for (const [id, input] of Object.entries(DEMO_SHIPPING_METHODS)) {
    await ifAbsent(
      () => settings.getShippingMethod(id),
      () => settings.putShippingMethod(id, input),
    );
  }
  for (const [country, rates] of Object.entries(DEMO_TAX_RATES)) {
    await ifAbsent(
      () => settings.getTaxRates(country),
      () => settings.setTaxRates(country, rates),
    );
  }
  for (const [code, input] of Object.entries(DEMO_DISCOUNT_CODES)) {
    await ifAbsent(
      () => settings.getDiscountCode(code),
      () => settings.putDiscountCode(code, input),
    );
  }
  if (written > 0) deps.logger.info('seeded the demo checkout settings', { written });
  return written;
}
