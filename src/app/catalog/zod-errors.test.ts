import { describe, expect, it } from 'vitest';
import { productInputSchema } from '../../domain/catalog/product.js';
import { ValidationError } from '../../domain/shared/errors.js';
import * as z from '../../domain/shared/zod.js';
import { fieldErrorsFromZod, parseOrThrow } from './zod-errors.js';

function errorsOf(schema: z.core.$ZodType, value: unknown, prefix?: string) {
  const result = z.safeParse(schema, value);
  if (result.success) throw new Error('expected a failure');
  return fieldErrorsFromZod(result.error, prefix);
}

describe('fieldErrorsFromZod', () => {
  it('gives dotted paths, one per unknown key, and says "is required" for absent fields', () => {
    const errors = errorsOf(productInputSchema, {
      sku: 'A',
      price: { amount: 1.5, currency: 'EUR', cents: 1 },
      categoryId: 'c',
      extra: true,
    });
    expect(errors).toEqual(
      expect.arrayContaining([
        { path: 'name', message: 'is required' },
        { path: 'price.amount', message: 'must be an integer number of minor units' },
        { path: 'price.cents', message: 'is not a known field' },
        { path: 'extra', message: 'is not a known field' },
      ]),
    );
  });

  it('explains bad attribute names and values', () => {
    const errors = errorsOf(productInputSchema.shape.attributes, { 'bad key': 1, ok: [1] });
    expect(errors).toEqual([
      { path: 'bad key', message: 'attribute names are 1-64 characters of A-Z, a-z, 0-9, _ . : -' },
      { path: 'ok', message: 'must be one of: string, number, boolean' },
    ]);
  });

  it('prefixes the origin and names the whole value when there is no path', () => {
    expect(errorsOf(z.object({ limit: z.number() }), { limit: 'x' }, 'query')[0]?.path).toBe('query.limit');
    expect(errorsOf(z.object({}), 'text')[0]?.path).toBe('body');
    expect(errorsOf(z.object({}), 'text', 'query')[0]?.path).toBe('query');
  });
});

describe('parseOrThrow', () => {
  it('returns parsed data with defaults, or throws a ValidationError listing every problem', () => {
    const schema = z.object({ a: z.number(), b: z._default(z.string(), 'x') });
    expect(parseOrThrow(schema, { a: 1 }, 'bad')).toEqual({ a: 1, b: 'x' });
    const error = (() => {
      try {
        parseOrThrow(schema, { a: 'no', b: 2 }, 'bad');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors.map((e) => e.path)).toEqual(['a', 'b']);
  });
});
