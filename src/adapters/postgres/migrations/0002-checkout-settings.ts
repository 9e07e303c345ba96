import type { Migration } from './migration.js';

/**
 * What an admin sets up for checkout: shipping methods, VAT rates per country and discount codes. The order
 * transaction reads these rows (and counts a code's redemptions) inside its own transaction, so every rule
 * it relies on is a constraint here too. Money is integer minor units (bigint), rates are exact decimals.
 * Keys that lists page through are COLLATE "C": byte order, the same on every server whatever its locale.
 */
export const checkoutSettings: Migration = {
  id: '0002-checkout-settings',
  sql: `
CREATE TABLE shipping_methods (
  id text COLLATE "C" PRIMARY KEY,
  name text NOT NULL,
  countries text[] NOT NULL
    CONSTRAINT shipping_methods_countries_not_empty CHECK (cardinality(countries) > 0),
  price_amount bigint NOT NULL CHECK (price_amount >= 0),
  currency char(3) NOT NULL,
  free_above_amount bigint CHECK (free_above_amount >= 0),
  tax_class text NOT NULL
    CONSTRAINT shipping_methods_tax_class_known CHECK (tax_class IN ('standard', 'reduced', 'zero')),
  active boolean NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
-- The methods serving a country: countries @> ARRAY['DE'].
CREATE INDEX shipping_methods_by_country ON shipping_methods USING gin (countries);

-- VAT in percent with two decimals (19.00, 5.50), per tax class of a country.
CREATE TABLE tax_rates (
  country char(2) PRIMARY KEY CONSTRAINT tax_rates_country_code CHECK (country ~ '^[A-Z]{2}$'),
  standard numeric(5, 2) NOT NULL CONSTRAINT tax_rates_standard_percent CHECK (standard BETWEEN 0 AND 100),
  reduced numeric(5, 2) NOT NULL CONSTRAINT tax_rates_reduced_percent CHECK (reduced BETWEEN 0 AND 100),
  zero numeric(5, 2) NOT NULL CONSTRAINT tax_rates_zero_percent CHECK (zero BETWEEN 0 AND 100),
  updated_at timestamptz NOT NULL
);

-- Codes are case-insensitive: stored upper case. A percent code has percent_off, a fixed one an amount.
-- redemptions is counted by the order transaction; the CHECK on it is the last guard of maxRedemptions.
CREATE TABLE discount_codes (
  code text COLLATE "C" PRIMARY KEY CONSTRAINT discount_codes_code_upper_case CHECK (code = upper(code)),
  type text NOT NULL CONSTRAINT discount_codes_type_known CHECK (type IN ('percent', 'fixed')),
  percent_off integer CHECK (percent_off BETWEEN 1 AND 100),
  amount bigint CHECK (amount >= 0),
  currency char(3),
  min_subtotal_amount bigint CHECK (min_subtotal_amount >= 0),
  min_subtotal_currency char(3),
  max_redemptions integer CHECK (max_redemptions >= 0),
  redemptions integer NOT NULL DEFAULT 0
    CONSTRAINT discount_codes_redemptions_not_negative CHECK (redemptions >= 0),
  starts_at timestamptz,
  ends_at timestamptz,
  active boolean NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CONSTRAINT discount_codes_value_fits_type CHECK (
    (type = 'percent' AND percent_off IS NOT NULL AND amount IS NULL AND currency IS NULL)
    OR (type = 'fixed' AND percent_off IS NULL AND amount IS NOT NULL AND currency IS NOT NULL)
  ),
  CONSTRAINT discount_codes_min_subtotal_complete
    CHECK ((min_subtotal_amount IS NULL) = (min_subtotal_currency IS NULL)),
  CONSTRAINT discount_codes_window_ordered CHECK (starts_at IS NULL OR ends_at IS NULL OR starts_at < ends_at),
  CONSTRAINT discount_codes_redemptions_within_max
    CHECK (max_redemptions IS NULL OR redemptions <= max_redemptions)
);
`,
};
