import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/support/postgres.js';
import { createPostgresCheckoutSettingsStore } from '../adapters/postgres/checkout-settings-store.js';
import { createCheckoutSettingsService } from '../app/ordering/checkout-settings-use-cases.js';
import { systemClock } from '../app/ports/clock.js';
import { silentLogger } from '../app/ports/logger.js';
import type { Principal } from '../app/ports/token-verifier.js';
import { countrySchema } from '../domain/ordering/address.js';
import { discountCodeInputSchema } from '../domain/ordering/discount-code.js';
import { shippingMethodInputSchema } from '../domain/ordering/shipping-method.js';
import { taxRatesInputSchema } from '../domain/ordering/tax-rates.js';
import * as z from '../domain/shared/zod.js';
import {
  DEMO_DISCOUNT_CODES,
  DEMO_SHIPPING_METHODS,
  DEMO_TAX_RATES,
  seedDemoCheckout,
} from './seed-checkout.js';

const admin: Principal = { sub: 'admin', roles: ['admin'] };

/** A database of the test's own, so each test starts from an empty one. */
async function withSettings(
  test: (settings: ReturnType<typeof createCheckoutSettingsService>) => Promise<void>,
) {
  const database = await createTestDatabase({ max: 2 });
  try {
    await test(
      createCheckoutSettingsService({
        store: createPostgresCheckoutSettingsStore(database.pool),
        clock: systemClock,
        cartSubtotal: async () => {
          throw new Error('no carts here');
        },
      }),
    );
  } finally {
    await database.drop();
  }
}

describe('seedDemoCheckout (PostgreSQL)', () => {
  it('seeds only what the API itself would take (the seed writes past the HTTP validation)', () => {
    const inputs: [z.core.$ZodType, Record<string, unknown>][] = [
      [shippingMethodInputSchema, DEMO_SHIPPING_METHODS],
      [taxRatesInputSchema, DEMO_TAX_RATES],
      [discountCodeInputSchema, DEMO_DISCOUNT_CODES],
    ];
    for (const [schema, entries] of inputs) {
      for (const [key, input] of Object.entries(entries)) {
        expect(z.safeParse(schema, input).error, key).toBeUndefined();
      }
    }
    for (const country of Object.keys(DEMO_TAX_RATES))
      expect(z.safeParse(countrySchema, country).success).toBe(true);
  });

  it('writes the demo shipping methods, tax rates and WELCOME10 into an empty database', () =>
    withSettings(async (settings) => {
      expect(await seedDemoCheckout({ checkoutSettings: settings, logger: silentLogger })).toBe(5);

      const methods = (await settings.listShippingMethods(admin, {})).items;
      expect(methods.map((m) => [m.id, m.name, m.price.amount, m.freeAbove?.amount])).toEqual([
        ['express', 'Express (EU)', 1490, undefined],
        ['standard', 'Standard (DE/AT)', 490, 5000],
      ]);
      expect(methods[0]?.countries).toHaveLength(27);
      const toAustria = await settings.listShippingMethods(undefined, { country: 'AT' });
      expect(toAustria.items.map((m) => m.id)).toEqual(['express', 'standard']);
      const toFrance = await settings.listShippingMethods(undefined, { country: 'FR' });
      expect(toFrance.items.map((m) => m.id)).toEqual(['express']);
      expect(await settings.getTaxRates('DE')).toMatchObject({ standard: 19, reduced: 7, zero: 0 });
      expect(await settings.getTaxRates('AT')).toMatchObject({ standard: 20, reduced: 10, zero: 0 });
      expect(await settings.getDiscountCode('welcome10')).toMatchObject({
        type: 'percent',
        value: 10,
        active: true,
      });
    }));

  it('writes nothing again on a restart, and leaves what an admin changed alone', () =>
    withSettings(async (settings) => {
      await seedDemoCheckout({ checkoutSettings: settings, logger: silentLogger });
      await settings.setTaxRates('DE', { standard: 16, reduced: 5, zero: 0 });
      await settings.putDiscountCode('WELCOME10', { type: 'percent', value: 10, active: false });
      await settings.deleteShippingMethod('express');

      // Only the deleted method is missing, so only it is written.
      expect(await seedDemoCheckout({ checkoutSettings: settings, logger: silentLogger })).toBe(1);
      expect(await settings.getTaxRates('DE')).toMatchObject({ standard: 16, reduced: 5 });
      expect(await settings.getDiscountCode('WELCOME10')).toMatchObject({ active: false });
      expect(await seedDemoCheckout({ checkoutSettings: settings, logger: silentLogger })).toBe(0);
    }));
});
