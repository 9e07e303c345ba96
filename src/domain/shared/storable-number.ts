import * as z from './zod.js';

/**
 * The numbers a client may store in a free-form field (product attributes): what DynamoDB can hold and
 * JavaScript reads back as the same number. Beyond ±(2^53 − 1) the SDK refuses to write a number (it
 * would come back as a BigInt or rounded), and DynamoDB itself refuses non-zero magnitudes below 1e-130
 * (and from 1e126, already past the first bound). Money and quantities have their own, tighter bounds.
 */
export const MIN_NONZERO_MAGNITUDE = 1e-130;

export const UNSTORABLE_NUMBER_MESSAGE = `must be between -${Number.MAX_SAFE_INTEGER} and ${Number.MAX_SAFE_INTEGER}, and 0 or at least ${MIN_NONZERO_MAGNITUDE} in magnitude`;

export function isStorableNumber(value: number): boolean {
  const magnitude = Math.abs(value);
  return magnitude <= Number.MAX_SAFE_INTEGER && (magnitude === 0 || magnitude >= MIN_NONZERO_MAGNITUDE);
}

/**
 * A number schema for client numbers stored as they are.
 *
 * @example
 * z.parse(storableNumber(), 0.25);  // 0.25
 * z.parse(storableNumber(), 2 ** 60); // throws: must be between ...
 */
export const storableNumber = () =>
  z.number().check(z.refine<number>(isStorableNumber, UNSTORABLE_NUMBER_MESSAGE));
