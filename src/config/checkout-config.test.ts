import { describe, expect, it } from 'vitest';
import { countrySchema } from '../domain/ordering/address.js';
import * as z from '../domain/shared/zod.js';
import { ConfigError, DEFAULTS, loadApiConfig } from './config.js';

const DB = { DATABASE_URL: 'postgres://u:p@localhost:5432/shop' };

describe('checkout settings', () => {
  it('takes SHOP_COUNTRY when it is a country, DE (a country) by default', () => {
    expect(z.safeParse(countrySchema, DEFAULTS.shopCountry).success).toBe(true);
    expect(loadApiConfig(DB).checkout?.shopCountry).toBe('DE');
    expect(loadApiConfig({ ...DB, SHOP_COUNTRY: 'AT' }).checkout?.shopCountry).toBe('AT');
    for (const bad of ['XX', 'de', 'DEU', 'UK']) {
      expect(() => loadApiConfig({ ...DB, SHOP_COUNTRY: bad })).toThrow(ConfigError);
    }
  });

  it('reuses product reads for 5 s by default, PRODUCT_CACHE_SECONDS from 0 (always read) to 300', () => {
    expect(loadApiConfig(DB).checkout?.productCacheSeconds).toBe(5);
    expect(loadApiConfig({ ...DB, PRODUCT_CACHE_SECONDS: '0' }).checkout?.productCacheSeconds).toBe(0);
    expect(loadApiConfig({ ...DB, PRODUCT_CACHE_SECONDS: '300' }).checkout?.productCacheSeconds).toBe(300);
    for (const bad of ['301', '-1', '2.5', 'soon']) {
      const error = (() => {
        try {
          loadApiConfig({ ...DB, PRODUCT_CACHE_SECONDS: bad });
        } catch (caught) {
          return caught;
        }
      })();
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).variable).toBe('PRODUCT_CACHE_SECONDS');
    }
  });
});
