import * as z from '../domain/shared/zod.js';
import { inputErrorFrom } from './advisor-errors.js';
import { DEFAULT_PRICES, type PriceEntry, type PriceId, type Prices } from './price-table.js';

const overrideEntry = z.union([
  z.number().check(z.nonnegative()),
  z.strictObject({
    value: z.number().check(z.nonnegative()),
    source: z.optional(z.string().check(z.minLength(1))),
    asOf: z.optional(z.string().check(z.minLength(1))),
  }),
]);

const knownIds = Object.keys(DEFAULT_PRICES);

/**
 * A `--prices` file: `{ "<id>": number | { value, source?, asOf? } }` in the table's own units. Unknown ids
 * are rejected rather than ignored: a typo must not leave the default silently in force.
 */
const overrideFile = z.record(z.string(), overrideEntry).check(
  z.superRefine((file, ctx) => {
    for (const id of Object.keys(file))
      if (!knownIds.includes(id))
        ctx.addIssue({ code: 'custom', path: [id], message: 'is not a price id of the advisor table' });
  }),
);

/** The default table with the given overrides applied; an override without `source` is marked as yours. */
export function pricesWithOverrides(json: unknown, base: Prices = DEFAULT_PRICES): Prices {
  const parsed = overrideFile.safeParse(json);
  if (!parsed.success) throw inputErrorFrom('price file', parsed.error.issues, parsed.error);
  const prices: Prices = { ...base };
  for (const [id, entry] of Object.entries(parsed.data) as [PriceId, z.infer<typeof overrideEntry>][]) {
    const given = typeof entry === 'number' ? { value: entry } : entry;
    prices[id] = {
      ...base[id],
      value: given.value,
      source: given.source ?? 'override',
      asOf: given.asOf ?? 'given with --prices',
    } satisfies PriceEntry;
  }
  return prices;
}

/**
 * An entry's value; NaN for a price the table does not know, so every sum built from it is NaN too and
 * `candidate()` reports that cost as unknown instead of a wrong number.
 */
export function price(prices: Prices, id: PriceId): number {
  return prices[id].value ?? Number.NaN;
}

/** The entries among `ids` whose price nobody has given. */
export function unknownPrices(prices: Prices, ids: readonly PriceId[]): PriceId[] {
  return [...new Set(ids)].filter((id) => prices[id].value === null);
}
