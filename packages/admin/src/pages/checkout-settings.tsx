import { DiscountCodesSection } from './discount-codes-section';
import { ShippingMethodsSection } from './shipping-methods-section';
import { TaxRatesSection } from './tax-rates-section';

/** What checkout prices with: shipping methods, tax rates and discount codes (kept in PostgreSQL). */
export function CheckoutSettingsPage() {
  return (
    <>
      <h1>Shipping, tax, discounts</h1>
      <p class="section-intro">
        Checkout reads these at once: a change applies to the next quote and order. Amounts are in the
        currency's units (4.90), stored in minor units (490).
      </p>
      <ShippingMethodsSection />
      <TaxRatesSection />
      <DiscountCodesSection />
    </>
  );
}
