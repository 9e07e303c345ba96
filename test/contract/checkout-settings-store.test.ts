import { describe, expect, it } from 'vitest';
import { createPostgresCheckoutSettingsStore } from '../../src/adapters/postgres/checkout-settings-store.js';
import { MAX_SHIPPING_METHODS } from '../../src/app/ports/checkout-settings-store.js';
import type { DiscountCodeInput } from '../../src/domain/ordering/discount-code.js';
import type { ShippingMethodInput } from '../../src/domain/ordering/shipping-method.js';
import { ConflictError, ValidationError } from '../../src/domain/shared/errors.js';
import { createTestDatabase, useTestDatabase } from '../support/postgres.js';

const eur = (amount: number) => ({ amount, currency: 'EUR' });
const at = (iso: string) => new Date(iso);

function method(overrides: Partial<ShippingMethodInput> = {}): ShippingMethodInput {
  return {
    name: 'Standard',
    countries: ['DE', 'AT'],
    price: eur(490),
    taxClass: 'standard',
    active: true,
    ...overrides,
  };
}

/** The CheckoutSettingsStore port against PostgreSQL: what an admin writes reads back, and the rules hold. */
describe('PostgreSQL checkout settings store', () => {
  const database = useTestDatabase();
  const store = () => createPostgresCheckoutSettingsStore(database().pool);
  const sql = (text: string, values: unknown[] = []) => database().pool.query(text, values);

  describe('shipping methods', () => {
    it('creates a method that reads back exactly, then replaces it keeping createdAt', async () => {
      const first = await store().putShippingMethod(
        'sm-standard',
        method({ freeAbove: eur(5000), taxClass: 'reduced' }),
        at('2026-03-01T10:00:00.000Z'),
      );
      expect(first).toEqual({
        created: true,
        method: {
          id: 'sm-standard',
          name: 'Standard',
          countries: ['DE', 'AT'],
          price: eur(490),
          freeAbove: eur(5000),
          taxClass: 'reduced',
          active: true,
          createdAt: '2026-03-01T10:00:00.000Z',
          updatedAt: '2026-03-01T10:00:00.000Z',
        },
      });
      expect(await store().getShippingMethod('sm-standard')).toEqual(first.method);

      const second = await store().putShippingMethod(
        'sm-standard',
        method({ name: 'Standard (DE)', countries: ['DE'], price: eur(590), active: false }),
        at('2026-03-02T10:00:00.000Z'),
      );
      expect(second.created).toBe(false);
      expect(second.method).toEqual({
        id: 'sm-standard',
        name: 'Standard (DE)',
        countries: ['DE'],
        price: eur(590),
        taxClass: 'standard',
        active: false,
        createdAt: '2026-03-01T10:00:00.000Z',
        updatedAt: '2026-03-02T10:00:00.000Z',
      });
      expect(await store().getShippingMethod('sm-standard')).toEqual(second.method);
    });

    it('lists by country through the GIN index, leaving inactive methods out when asked', async () => {
      const now = new Date();
      await store().putShippingMethod('sm-c-de', method({ countries: ['DE'] }), now);
      await store().putShippingMethod('sm-c-deat', method({ countries: ['AT', 'DE'] }), now);
      await store().putShippingMethod('sm-c-fr', method({ countries: ['FR'] }), now);
      await store().putShippingMethod('sm-c-off', method({ countries: ['DE'], active: false }), now);
      const ids = async (filter: { country?: string; activeOnly: boolean }) =>
        (await store().listShippingMethods(filter)).map((m) => m.id).filter((id) => id.startsWith('sm-c-'));

      expect(await ids({ country: 'DE', activeOnly: true })).toEqual(['sm-c-de', 'sm-c-deat']);
      expect(await ids({ country: 'DE', activeOnly: false })).toEqual(['sm-c-de', 'sm-c-deat', 'sm-c-off']);
      expect(await ids({ country: 'FR', activeOnly: true })).toEqual(['sm-c-fr']);
      expect(await ids({ country: 'IT', activeOnly: true })).toEqual([]);
      expect(await ids({ activeOnly: true })).toEqual(['sm-c-de', 'sm-c-deat', 'sm-c-fr']);
      expect(await ids({ activeOnly: false })).toEqual(['sm-c-de', 'sm-c-deat', 'sm-c-fr', 'sm-c-off']);

      // The filter is the index's operator: on a table that is not tiny, the planner picks the index for it.
      await sql('SET enable_seqscan = off');
      const { rows } = await sql(
        "EXPLAIN SELECT id FROM shipping_methods WHERE countries @> ARRAY['DE'::text] AND active",
      );
      await sql('SET enable_seqscan = on');
      expect(rows.map((row) => row['QUERY PLAN']).join('\n')).toContain('shipping_methods_by_country');
    });

    it('deletes a method once: true, then false', async () => {
      await store().putShippingMethod('sm-gone', method(), new Date());
      expect(await store().deleteShippingMethod('sm-gone')).toBe(true);
      expect(await store().deleteShippingMethod('sm-gone')).toBe(false);
      expect(await store().getShippingMethod('sm-gone')).toBeUndefined();
    });

    it(`refuses a new method beyond ${MAX_SHIPPING_METHODS}, also when many race for the last place`, async () => {
      const own = await createTestDatabase({ max: 12 });
      try {
        const racing = createPostgresCheckoutSettingsStore(own.pool);
        await own.pool.query(
          `INSERT INTO shipping_methods (id, name, countries, price_amount, currency, tax_class, active, created_at, updated_at)
           SELECT 'bulk-' || lpad(n::text, 3, '0'), 'Bulk', ARRAY['DE'], 100, 'EUR', 'standard', true, now(), now()
           FROM generate_series(1, $1::int) AS n`,
          [MAX_SHIPPING_METHODS - 1],
        );
        // Every racer on a connection of its own, already open: they reach the count together.
        await Promise.all(Array.from({ length: 10 }, () => own.pool.query('SELECT pg_sleep(0.05)')));
        const results = await Promise.allSettled(
          Array.from({ length: 10 }, (_, i) => racing.putShippingMethod(`racer-${i}`, method(), new Date())),
        );
        const created = results.filter((r) => r.status === 'fulfilled');
        const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
        expect(created).toHaveLength(1);
        expect(refused).toHaveLength(9);
        for (const reason of refused) expect(reason).toBeInstanceOf(ConflictError);
        const { rows } = await own.pool.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM shipping_methods',
        );
        expect(rows[0]?.n).toBe(MAX_SHIPPING_METHODS);

        // A full table still takes a replacement of a method it holds, and lists every method.
        expect(
          (await racing.putShippingMethod('bulk-001', method({ name: 'Renamed' }), new Date())).created,
        ).toBe(false);
        expect(await racing.listShippingMethods({ activeOnly: false })).toHaveLength(MAX_SHIPPING_METHODS);
      } finally {
        await own.drop();
      }
    }, 60_000);
  });

  describe('tax rates', () => {
    it('stores rates as exact two-decimal numbers and reads them back as the numbers written', async () => {
      const rates = await store().putTaxRates(
        'FR',
        { standard: 20, reduced: 5.5, zero: 2.1 },
        at('2026-03-01T10:00:00.000Z'),
      );
      expect(rates).toEqual({
        country: 'FR',
        standard: 20,
        reduced: 5.5,
        zero: 2.1,
        updatedAt: '2026-03-01T10:00:00.000Z',
      });
      // 8.25 * 100 is 824.9999999999999 in binary: the column still gets exactly 8.25.
      await store().putTaxRates('FR', { standard: 8.25, reduced: 0.07, zero: 0 }, new Date());
      const { rows } = await sql(
        "SELECT standard::text, reduced::text, zero::text FROM tax_rates WHERE country = 'FR'",
      );
      expect(rows[0]).toEqual({ standard: '8.25', reduced: '0.07', zero: '0.00' });
      expect(await store().getTaxRates('FR')).toMatchObject({ standard: 8.25, reduced: 0.07, zero: 0 });
    });

    it('replaces and deletes the rates of a country', async () => {
      await store().putTaxRates('BE', { standard: 21, reduced: 6, zero: 0 }, new Date());
      await store().putTaxRates('BE', { standard: 21, reduced: 12, zero: 0 }, new Date());
      expect(await store().getTaxRates('BE')).toMatchObject({ reduced: 12 });
      expect(await store().deleteTaxRates('BE')).toBe(true);
      expect(await store().deleteTaxRates('BE')).toBe(false);
      expect(await store().getTaxRates('BE')).toBeUndefined();
    });

    it('pages through every country in code order, and refuses a cursor of another list', async () => {
      const own = await createTestDatabase({ max: 2 });
      try {
        const paged = createPostgresCheckoutSettingsStore(own.pool);
        const countries = ['SE', 'AT', 'PL', 'DE', 'IT', 'NL', 'CZ'];
        for (const country of countries)
          await paged.putTaxRates(country, { standard: 20, reduced: 10, zero: 0 }, new Date());
        const seen: string[] = [];
        let cursor: string | undefined;
        let pages = 0;
        do {
          const page = await paged.listTaxRates({ limit: 3, ...(cursor === undefined ? {} : { cursor }) });
          seen.push(...page.items.map((rates) => rates.country));
          cursor = page.nextCursor ?? undefined;
          pages += 1;
        } while (cursor !== undefined);
        expect(seen).toEqual([...countries].sort());
        expect(pages).toBe(3);

        await paged.putDiscountCode('PAGE', { type: 'percent', value: 5, active: true }, new Date());
        await paged.putDiscountCode('PAGE2', { type: 'percent', value: 5, active: true }, new Date());
        const codeCursor = (await paged.listDiscountCodes({ limit: 1 })).nextCursor;
        expect(codeCursor).toEqual(expect.any(String));
        const refused = await paged.listTaxRates({ limit: 3, cursor: codeCursor as string }).catch((e) => e);
        expect(refused).toBeInstanceOf(ValidationError);
        expect(refused.errors).toEqual([
          { path: 'cursor', message: expect.stringContaining('different query') },
        ]);
      } finally {
        await own.drop();
      }
    });
  });

  describe('discount codes', () => {
    const percent: DiscountCodeInput = { type: 'percent', value: 10, active: true };

    it('reads back a fixed code with every optional field, and a bare percent code without them', async () => {
      const fixed = await store().putDiscountCode(
        'FIVEOFF',
        {
          type: 'fixed',
          value: eur(500),
          minSubtotal: eur(2500),
          maxRedemptions: 100,
          startsAt: '2026-03-01T00:00:00+02:00',
          endsAt: '2026-04-01T00:00:00Z',
          active: false,
        },
        at('2026-02-20T08:00:00.000Z'),
      );
      expect(fixed).toEqual({
        created: true,
        discountCode: {
          code: 'FIVEOFF',
          type: 'fixed',
          value: eur(500),
          minSubtotal: eur(2500),
          maxRedemptions: 100,
          startsAt: '2026-02-28T22:00:00.000Z',
          endsAt: '2026-04-01T00:00:00.000Z',
          active: false,
          redemptions: 0,
          createdAt: '2026-02-20T08:00:00.000Z',
          updatedAt: '2026-02-20T08:00:00.000Z',
        },
      });
      expect(await store().getDiscountCode('FIVEOFF')).toEqual(fixed.discountCode);

      const bare = await store().putDiscountCode('TENPERCENT', percent, at('2026-02-20T08:00:00.000Z'));
      expect(bare.discountCode).toEqual({
        code: 'TENPERCENT',
        type: 'percent',
        value: 10,
        active: true,
        redemptions: 0,
        createdAt: '2026-02-20T08:00:00.000Z',
        updatedAt: '2026-02-20T08:00:00.000Z',
      });
    });

    it('keeps redemptions and createdAt on replace, also when the type changes', async () => {
      await store().putDiscountCode('KEEPME', percent, at('2026-02-01T00:00:00.000Z'));
      await sql("UPDATE discount_codes SET redemptions = 7 WHERE code = 'KEEPME'");
      const replaced = await store().putDiscountCode(
        'KEEPME',
        { type: 'fixed', value: eur(300), maxRedemptions: 7, active: true },
        at('2026-02-02T00:00:00.000Z'),
      );
      expect(replaced.created).toBe(false);
      expect(replaced.discountCode).toMatchObject({
        type: 'fixed',
        value: eur(300),
        maxRedemptions: 7,
        redemptions: 7,
        createdAt: '2026-02-01T00:00:00.000Z',
        updatedAt: '2026-02-02T00:00:00.000Z',
      });
      const { rows } = await sql("SELECT percent_off FROM discount_codes WHERE code = 'KEEPME'");
      expect(rows[0]).toEqual({ percent_off: null });
    });

    it('refuses a maxRedemptions below the redemptions with a conflict naming it, and changes nothing', async () => {
      await store().putDiscountCode('LIMITED', { ...percent, maxRedemptions: 50 }, new Date());
      await sql("UPDATE discount_codes SET redemptions = 12 WHERE code = 'LIMITED'");

      const refused = await store()
        .putDiscountCode('LIMITED', { ...percent, value: 20, maxRedemptions: 11 }, new Date())
        .catch((e) => e);
      expect(refused).toBeInstanceOf(ConflictError);
      expect(refused.errors).toEqual([
        { path: 'maxRedemptions', message: 'must be at least 12, the redemptions counted so far' },
      ]);
      expect(await store().getDiscountCode('LIMITED')).toMatchObject({
        value: 10,
        maxRedemptions: 50,
        redemptions: 12,
      });
      // Its positive: exactly the redemptions counted is allowed.
      expect(
        (await store().putDiscountCode('LIMITED', { ...percent, maxRedemptions: 12 }, new Date()))
          .discountCode,
      ).toMatchObject({ maxRedemptions: 12, redemptions: 12 });
    });

    it('lets the table itself refuse a redemption beyond the maximum (the order transaction meets this CHECK)', async () => {
      await store().putDiscountCode('LASTONE', { ...percent, maxRedemptions: 1 }, new Date());
      await sql("UPDATE discount_codes SET redemptions = redemptions + 1 WHERE code = 'LASTONE'");
      const over = await sql(
        "UPDATE discount_codes SET redemptions = redemptions + 1 WHERE code = 'LASTONE'",
      ).catch((e) => e);
      expect(over).toMatchObject({ code: '23514', constraint: 'discount_codes_redemptions_within_max' });
      const below = await sql("UPDATE discount_codes SET redemptions = -1 WHERE code = 'LASTONE'").catch(
        (e) => e,
      );
      expect(below).toMatchObject({ code: '23514', constraint: 'discount_codes_redemptions_not_negative' });
      expect(await store().getDiscountCode('LASTONE')).toMatchObject({ redemptions: 1 });
    });

    it('deletes a code once: true, then false', async () => {
      await store().putDiscountCode('BYEBYE', percent, new Date());
      expect(await store().deleteDiscountCode('BYEBYE')).toBe(true);
      expect(await store().deleteDiscountCode('BYEBYE')).toBe(false);
      expect(await store().getDiscountCode('BYEBYE')).toBeUndefined();
    });
  });
});
